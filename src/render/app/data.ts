/** What the triage page is given besides its script: the policy chosen when it was written. */
export interface AppData {
  given?: {
    /** The policy's id. */
    id: string;
    /** As the policy menu shows it. */
    label: string;
    /** A school's own policy: its files' texts, loaded in the page (loadPolicyFromSources); absent for a bundled policy. */
    files?: Record<string, string>;
  };
}
