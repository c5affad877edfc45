import type { PolicySources } from '../../engine/sources.js';

/** A policy as its files' texts, with the folders it extends: what loadPolicyFromSources takes of it. */
export type GivenPolicyFiles = Pick<PolicySources, 'files' | 'parents'>;

/** What the triage page is given besides its script: the policy chosen when it was written. */
export interface AppData {
  /**
   * The policy's id; as the policy menu shows it; and for a school's own policy its files' texts
   * and the folders it extends, loaded in the page (absent for a bundled policy).
   */
  given?: { id: string; label: string } & Partial<GivenPolicyFiles>;
}
