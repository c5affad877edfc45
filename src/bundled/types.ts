import type { Manifest } from '../policy/schema.js';
import type { LoadedRule } from '../policy/sources.js';
import type { VocabularySource } from '../vocabulary/parse.js';

/** A bundled policy as checked (at build time in the built package): rule files are paths inside the package. */
export interface ShippedPolicy {
  digest: string;
  manifest: Manifest;
  rules: LoadedRule[];
}

/** What the package ships: the shared vocabulary and the policies, each loaded when first asked for. */
export interface ShippedPolicies {
  vocabulary(): VocabularySource;
  /** The ids of the bundled policies, sorted. */
  ids(): string[];
  policy(id: string): Promise<ShippedPolicy>;
}
