/**
 * French for the pipeline family's server and CLI messages (one catalogue file per family, so families
 * add their texts without touching each other's). Merged into the French catalogue by t.ts; the
 * l10n unit test checks the merged catalogue is complete and holds nothing unused.
 */
export const frPipeline: Readonly<Record<string, string>> = {};
