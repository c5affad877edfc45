/** A policy as its files' texts, with the folders it extends (PolicySources' files and parents). */
export interface GivenPolicyFiles {
  files: Record<string, string>;
  parents?: Record<string, GivenPolicyFiles>;
}

/** What the triage page is given besides its script: the policy chosen when it was written. */
export interface AppData {
  given?: {
    /** The policy's id. */
    id: string;
    /** As the policy menu shows it. */
    label: string;
    /** A school's own policy: its files' texts, loaded in the page (loadPolicyFromSources); absent for a bundled policy. */
    files?: Record<string, string>;
    /** The folders it extends, by the name its manifest writes, as loadPolicyFromSources takes them. */
    parents?: Record<string, GivenPolicyFiles>;
  };
}
