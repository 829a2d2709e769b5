import { replacementFixes } from '../common/fixes';
import type { Feature } from '../features/feature';
import type { SchemaEngine } from '../schema/engine';
import { amdecCompletion, amdecHover, amdecInlayHints } from './editing';
import { amdecModel } from './model';
import { amdecFindings, amdecSchemaRule, storedScoreRule, unknownCategoryRule, unknownOwnerRule } from './rules';

const fixable = new Set([storedScoreRule.id, unknownOwnerRule.id, unknownCategoryRule.id, amdecSchemaRule.id]);

/** The local calendar date of a moment, YYYY-MM-DD: what "today" means to the person editing. */
export function localDate(moment: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

/**
 * AMDEC / FMEA analyses (`*.amdec.yaml`, `*.fmea.yaml`, or `kind: amdec|fmea`): ratings, scores,
 * treatment, actions and owners (against the linked RACI) checked; scores shown inline.
 * `now` is injected so that "overdue" is deterministic in tests and reproducible in the CLI.
 */
export function amdecFeature(engine: SchemaEngine, now: () => Date): Feature {
  return {
    id: 'amdec',
    findings(file, context) {
      const model = amdecModel(file);
      if (!model) return [];
      return amdecFindings(model, { engine, index: context.index, today: localDate(now()) });
    },
    completion: amdecCompletion,
    hover: amdecHover,
    inlayHints: (file, range) => amdecInlayHints(file, range),
    codeActions(file, _range, diagnostics) {
      return amdecModel(file) ? replacementFixes(file.uri, diagnostics, fixable) : [];
    },
  };
}
