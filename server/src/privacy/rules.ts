/** The privacy family's rules (issue #65): Fides manifests checked against fideslang, and where personal data goes. */
import { defineRule } from '../rules/registry';
import type { DataScanner } from './scan';
import type { ServedModel } from './inventory';
import type { Taxonomy } from './taxonomy';

export const unknownCategoryRule = defineRule({
  id: 'privacy-unknown-category',
  defaultSeverity: 'error',
  description: 'A Fides manifest names a data category that is not in the fideslang taxonomy nor added by a manifest of the workspace. Quick fix: the closest category.',
});
export const unknownUseRule = defineRule({
  id: 'privacy-unknown-use',
  defaultSeverity: 'error',
  description: 'A Fides manifest names a data use that is not in the fideslang taxonomy nor added by a manifest of the workspace. Quick fix: the closest use.',
});
export const unknownSubjectRule = defineRule({
  id: 'privacy-unknown-subject',
  defaultSeverity: 'error',
  description: 'A Fides manifest names a data subject that is not in the fideslang taxonomy nor added by a manifest of the workspace. Quick fix: the closest subject.',
});
export const deprecatedKeyRule = defineRule({
  id: 'privacy-deprecated-key',
  defaultSeverity: 'warning',
  description: 'A Fides manifest names a taxonomy key fideslang deprecated. Quick fix: the key that replaces it.',
});
export const unknownReferenceRule = defineRule({
  id: 'privacy-unknown-reference',
  needsIndex: true,
  defaultSeverity: 'error',
  description: 'A Fides system names a dataset no manifest of the workspace defines, or a dataset\'s meta.path names a file that does not exist.',
});
export const duplicateKeyRule = defineRule({
  id: 'privacy-duplicate-key',
  needsIndex: true,
  defaultSeverity: 'error',
  description: 'Two Fides datasets, or two Fides systems, share a fides_key.',
});
export const undeclaredTransferRule = defineRule({
  id: 'privacy-undeclared-transfer',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: 'Personal data is sent to a system the workspace does not describe (an external system) with no third-party sharing declared, or sent to or stored in a place outside the EU/EEA with no international transfer and legal basis declared (GDPR chapter V).',
});
export const transferWithoutSafeguardRule = defineRule({
  id: 'privacy-transfer-without-safeguard',
  defaultSeverity: 'warning',
  description: 'A Fides system declares a transfer outside the EU/EEA (does_international_transfers: true, or a country outside it in third_country_transfers) with no legal_basis_for_transfers: adequacy decision, standard contractual clauses or binding corporate rules (GDPR Art. 45–47).',
});
export const noRetentionRule = defineRule({
  id: 'privacy-no-retention',
  defaultSeverity: 'warning',
  description: 'A Fides dataset (or a collection of it) holds personal data with no retention declared, or a privacy declaration processes personal data with no retention_period and no dataset of it declares one (GDPR Art. 5(1)(e), Art. 30(1)(f)).',
});
export const servedModelRule = defineRule({
  id: 'privacy-served-model-personal-data',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: 'A pipeline stage trains a model that an endpoint serves on personal or payment data (from the data\'s Fides dataset or its scan): a served model can leak what it was trained on.',
});
export const committedPersonalDataRule = defineRule({
  id: 'privacy-committed-personal-data',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: 'A data file committed to the repository holds real-looking personal data (its scan), outside a test or synthetic folder and not marked synthetic by its Fides dataset.',
});
export const imagesWithoutBlurRule = defineRule({
  id: 'privacy-images-without-blur',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: 'The pipeline anonymises images (a stage running archipel blur) but another stage reads those images before the blur, not the blurred output.',
});

/** The rules whose findings carry a replacement (a quick fix). */
export const fixableRules: ReadonlySet<string> = new Set([unknownCategoryRule.id, unknownUseRule.id, unknownSubjectRule.id, deprecatedKeyRule.id]);

/**
 * Whether an endpoint serving a model is reachable from the Internet: the security model's entry
 * points answer (the system map's Ingresses, LoadBalancers, published ports); undefined until
 * then, and the rule speaks of a served model, public or not yet known.
 */
export type PublicEndpointHook = (served: ServedModel) => boolean | undefined;

/** What the family's checks need from outside: the taxonomy, and the runtime's readers. */
export interface PrivacyHost {
  taxonomy: () => Taxonomy;
  /** The scan of a data file (CSV, TSV, JSON Lines in the editor; Parquet too in the CLI). */
  scan?: DataScanner;
  /** Whether a file is committed to the repository: false when git ignores it or DVC tracks it, undefined when unknown. */
  committed?: (absolutePath: string) => boolean | undefined;
  /** Whether a path exists on disk (a dataset's meta.path). */
  exists?: (absolutePath: string) => boolean;
  publicEndpoint?: PublicEndpointHook;
}

/** Folders whose data is test or synthetic data by their name (a path segment). */
export const TEST_FOLDER = /^(tests?|__tests__|fixtures?|testdata|test-data|test_data|synthetic|mocks?|fake|dummy)$/i;
