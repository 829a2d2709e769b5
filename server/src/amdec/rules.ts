import { t } from '../l10n/t';
import { closestName } from '../common/suggest';
import type { ErrorObject } from 'ajv';
import type { Finding } from '../common/findings';
import type { ReplacementData } from '../common/fixes';
import type { PlacedFinding } from '../features/feature';
import { nearestId } from '../raci/api';
import { defineRule } from '../rules/registry';
import type { SchemaEngine } from '../schema/engine';
import { schemaFindings } from '../schema/errors';
import { sourceTreeOfDoc } from '../yaml/tree';
import type { WorkspaceIndex } from '../workspace/index';
import type { Span } from '../yaml/mapping';
import { categoryOf, categorySpellings } from './categories';
import {
  criteria,
  criterionLetter,
  isOverdue,
  lettersFor,
  needsTreatment,
  ratingValue,
  scoreName,
  scoreOf,
  type AmdecModel,
  type AmdecRisk,
  type Criterion,
  type Field,
  type Ratings,
  type Score,
} from './model';
import { linkedRaci } from './raciLink';

export const amdecSchemaRule = defineRule({
  id: 'amdec-schema',
  defaultSeverity: 'error',
  description: 'An AMDEC/FMEA file does not match its schema: unknown field, wrong type, unknown method or status, a field given in English and in French.',
});
export const ratingRule = defineRule({
  id: 'amdec-rating',
  defaultSeverity: 'error',
  description: 'A severity, occurrence or detection rating is missing, not an integer, 0, or outside the declared scale.',
});
export const storedScoreRule = defineRule({
  id: 'amdec-stored-score',
  defaultSeverity: 'error',
  description: 'A stored rpn / criticité is not the product of the ratings, or a stored ap is not what the Action Priority table gives. Quick fix: the computed value.',
});
export const untreatedRiskRule = defineRule({
  id: 'amdec-untreated-risk',
  defaultSeverity: 'error',
  description: 'A risk at or above the threshold (or with Action Priority H) has neither an action nor a written justification.',
});
export const apThresholdRule = defineRule({
  id: 'amdec-ap-threshold',
  defaultSeverity: 'warning',
  description: 'With method aiag-vda-2019 an RPN threshold is set: the AIAG & VDA handbook recommends Action Priority instead of RPN thresholds.',
});
export const apScalesRule = defineRule({
  id: 'amdec-ap-scales',
  defaultSeverity: 'error',
  description: 'With method aiag-vda-2019 a scale is not 1–10: the Action Priority table is defined on 1–10 ratings only.',
});
export const apReviewRule = defineRule({
  id: 'amdec-ap-review',
  defaultSeverity: 'information',
  description: 'With method aiag-vda-2019, a risk of severity 9–10 with Action Priority H or M: flagged for management review.',
});
export const actionIncompleteRule = defineRule({
  id: 'amdec-action-incomplete',
  defaultSeverity: 'error',
  description: 'An action lacks an owner (responsable), a due date (echeance) or a status.',
});
export const actionOverdueRule = defineRule({
  id: 'amdec-action-overdue',
  defaultSeverity: 'warning',
  description: 'An open or in-progress action is past its due date (relative to today).',
});
export const missingRevisionRule = defineRule({
  id: 'amdec-missing-revision',
  defaultSeverity: 'warning',
  description: 'A risk has a done action but no revised ratings showing its effect.',
});
export const revisedSeverityRule = defineRule({
  id: 'amdec-revised-severity',
  defaultSeverity: 'warning',
  description: 'The revised severity differs from the original without a justification (actions lower occurrence and detection; severity changes only with a design change).',
});
export const unknownOwnerRule = defineRule({
  id: 'amdec-unknown-owner',
  needsIndex: true,
  defaultSeverity: 'error',
  description: 'An action owner is not a role id of the RACI file the analysis links to (raci:).',
});
export const raciNotFoundRule = defineRule({
  id: 'amdec-raci-not-found',
  needsIndex: true,
  defaultSeverity: 'error',
  description: 'The RACI file named by raci: is not in the workspace, or is not a RACI file.',
});
export const duplicateIdRule = defineRule({
  id: 'amdec-duplicate-id',
  defaultSeverity: 'error',
  description: 'Two risks, or two actions, share an id.',
});
export const unknownCategoryRule = defineRule({
  id: 'amdec-unknown-category',
  defaultSeverity: 'error',
  description: 'A risk category is not one of technical, organisational, human, economic, legal (or their French names).',
});

export interface AmdecRuleContext {
  engine: SchemaEngine;
  index: WorkspaceIndex;
  /** Today's date as YYYY-MM-DD, for overdue actions. */
  today: string;
}

const at = (span: Span, code: string, message: string, data?: ReplacementData): Finding => ({ start: span.start, end: span.end, code, message, ...(data ? { data } : {}) });

/** Rating, score and category values are checked by their own rules, with messages that know the scales. */
const ownedByRules = /^\/risks\/\d+(?:\/revised)?\/(?:severity|gravit[eé]|occurrence|fr[eé]quence|detection|non_d[eé]tection|rpn|criticit[eé]|ap)$|^\/risks\/\d+\/category$/;

function schemaPart(model: AmdecModel, engine: SchemaEngine): PlacedFinding[] {
  const errors = (engine.validate('amdec', model.value) ?? []).filter((e: ErrorObject) => !ownedByRules.test(e.instancePath));
  const placed = schemaFindings(errors, sourceTreeOfDoc(model.doc), model.value, engine, 'amdec', amdecSchemaRule.id).map((finding) => ({ offset: model.docOffset, finding }));
  for (const conflict of model.conflicts) {
    placed.push({
      offset: 0,
      finding: at(conflict.span, amdecSchemaRule.id, t('"{0}" repeats "{1}" (the same field in another language): keep one.', conflict.second, conflict.first)),
    });
  }
  return placed;
}

function riskName(risk: AmdecRisk): string {
  return risk.id ? t('Risk {0}', risk.id) : t('This risk');
}

function riskAnchor(risk: AmdecRisk): Span {
  return risk.idSpan ?? { start: risk.span.start, end: risk.span.start };
}

function criterionWord(model: AmdecModel, criterion: Criterion): string {
  const letter = (model.french ? criterionLetter.french : criterionLetter.english)[criterion];
  const french = { severity: 'gravite', occurrence: 'frequence', detection: 'non_detection' }[criterion];
  return model.french ? `${french} (${letter})` : `${criterion} (${letter})`;
}

function ratingFindings(model: AmdecModel, ratings: Ratings, anchor: Span, owner: string): Finding[] {
  const findings: Finding[] = [];
  const missing: string[] = [];
  for (const criterion of criteria) {
    const rating = ratings[criterion];
    const [low, high] = model.scales[criterion];
    if (!rating) {
      missing.push(criterionWord(model, criterion));
      continue;
    }
    if (ratingValue(model, rating) !== undefined) continue;
    const value = rating.value;
    const shown =
      typeof value === 'string' ? `"${value}"` : value === null || value === undefined ? t('nothing') : Array.isArray(value) ? t('a sequence') : typeof value === 'object' ? t('a mapping') : String(value);
    const zero = value === 0 ? t(' (ratings start at 1, never 0)') : '';
    findings.push(at(rating.valueSpan, ratingRule.id, t('{0} must be an integer from {1} to {2}; found {3}{4}.', rating.name, low, high, shown, zero)));
  }
  if (missing.length > 0) findings.push(at(anchor, ratingRule.id, t('{0} has no {1} rating: every risk is rated on the three criteria.', owner, missing.join(', '))));
  return findings;
}

function storedScoreFindings(model: AmdecModel, ratings: Ratings, score: Score | undefined): Finding[] {
  const findings: Finding[] = [];
  if (!score) return findings;
  const letters = lettersFor(model, ratings);
  const stored = ratings.score;
  if (stored && stored.value !== score.product) {
    const shown = typeof stored.value === 'string' ? `"${stored.value}"` : String(stored.value);
    findings.push(
      at(
        stored.valueSpan,
        storedScoreRule.id,
        t('Stored {0} {1} does not match {2} {3} × {4} {5} × {6} {7} = {8}.', stored.name, shown, letters.severity, score.s, letters.occurrence, score.o, letters.detection, score.d, score.product),
        { replacement: String(score.product), title: t('Set {0} to {1}', stored.name, score.product) },
      ),
    );
  }
  const ap = ratings.ap;
  if (ap && score.ap && ap.value !== score.ap) {
    const shown = typeof ap.value === 'string' ? `"${ap.value}"` : String(ap.value);
    findings.push(
      at(
        ap.valueSpan,
        storedScoreRule.id,
        t('Stored ap {0} does not match the Action Priority table: S {1}, O {2}, D {3} give {4}.', shown, score.s, score.o, score.d, score.ap),
        { replacement: score.ap, title: t('Set ap to {0}', score.ap) },
      ),
    );
  }
  return findings;
}

function ownerCheck(owner: Field<unknown>, roles: readonly string[] | undefined, raciPath: string): Finding | undefined {
  if (!roles || typeof owner.value !== 'string' || roles.includes(owner.value)) return undefined;
  const near = nearestId(owner.value, roles);
  const hint = near ? t(' Did you mean "{0}"?', near) : t(' Roles: {0}.', roles.join(', ') || t('none'));
  return at(owner.valueSpan, unknownOwnerRule.id, t('{0} "{1}" is not a role of {2}.{3}', owner.name, owner.value, raciPath, hint), near ? { replacement: near } : undefined);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function riskFindings(model: AmdecModel, risk: AmdecRisk, roles: readonly string[] | undefined, today: string): Finding[] {
  const findings: Finding[] = [];
  const name = riskName(risk);
  findings.push(...ratingFindings(model, risk, riskAnchor(risk), name));
  const score = scoreOf(model, risk);
  findings.push(...storedScoreFindings(model, risk, score));

  const category = risk.category;
  if (category && (typeof category.value !== 'string' || !categoryOf(category.value))) {
    const text = String(category.value);
    const near = closestName(text, categorySpellings);
    findings.push(
      at(
        category.valueSpan,
        unknownCategoryRule.id,
        t('Unknown category "{0}": expected technical, organisational, human, economic or legal (French: technique, organisationnel, humain, économique, légal).{1}', text, near ? t(' Did you mean "{0}"?', near) : ''),
        near ? { replacement: near } : undefined,
      ),
    );
  }

  const active = risk.actions.filter((a) => a.status?.value !== 'cancelled');
  if (needsTreatment(model, score) && active.length === 0 && !risk.justification) {
    const why =
      model.method === 'aiag-vda-2019'
        ? t('{0} has Action Priority H (S {1}, O {2}, D {3}): add an action or a written justification.', name, score!.s, score!.o, score!.d)
        : t('{0} scores {1} {2}, at or above the threshold {3}: add an action or a written justification.', name, scoreName(model), score!.product, model.threshold!.value);
    findings.push(at(riskAnchor(risk), untreatedRiskRule.id, why));
  }
  if (model.method === 'aiag-vda-2019' && score && score.s >= 9 && (score.ap === 'H' || score.ap === 'M')) {
    findings.push(
      at(
        risk.severity!.valueSpan,
        apReviewRule.id,
        t('{0}: severity {1} with Action Priority {2}; the AIAG & VDA handbook recommends a management review of such failure modes.', name, score.s, score.ap),
      ),
    );
  }

  const ownerWord = model.french ? t('responsable (owner)') : t('owner');
  const dueWord = model.french ? t('echeance (due date)') : t('due date');
  let revisionReported = false;
  for (const action of risk.actions) {
    const actionName = action.id ? t('Action {0}', action.id) : t('This action');
    const missing = [!action.owner && ownerWord, !action.due && dueWord, !action.status && t('status')].filter((m): m is string => !!m);
    if (missing.length > 0) {
      findings.push(
        at(action.idSpan ?? { start: action.span.start, end: action.span.start }, actionIncompleteRule.id, t('{0} has no {1}: every action needs an owner, a due date and a status.', actionName, missing.join(', '))),
      );
    }
    if (isOverdue(action, today)) {
      const due = String(action.due!.value);
      const late = daysBetween(due, today);
      findings.push(
        at(action.due!.valueSpan, actionOverdueRule.id, late === 1
            ? t('{0} was due {1} and is still {2}: 1 day late. Move the date or update the status.', actionName, due, String(action.status!.value))
            : t('{0} was due {1} and is still {2}: {3} days late. Move the date or update the status.', actionName, due, String(action.status!.value), late),
        ),
      );
    }
    if (action.status?.value === 'done' && !risk.revised && !revisionReported) {
      revisionReported = true;
      findings.push(
        at(action.status.valueSpan, missingRevisionRule.id, t('{0} is done but {1} has no revised ratings: add revised: {severity, occurrence, detection} to show its effect.', actionName, risk.id ? t('risk {0}', risk.id) : t('this risk'))),
      );
    }
    if (action.owner && model.raci) {
      const finding = ownerCheck(action.owner, roles, model.raci.value);
      if (finding) findings.push(finding);
    }
  }

  const revised = risk.revised;
  if (revised) {
    findings.push(...ratingFindings(model, revised, revised.keySpan, t('The revised ratings of {0}', risk.id ?? t('this risk'))));
    findings.push(...storedScoreFindings(model, revised, scoreOf(model, revised)));
    const before = ratingValue(model, risk.severity);
    const after = ratingValue(model, revised.severity);
    if (before !== undefined && after !== undefined && before !== after && !revised.justification) {
      findings.push(
        at(
          revised.severity!.valueSpan,
          revisedSeverityRule.id,
          t('Revised {0} {1} differs from the original {2}: actions lower occurrence and detection; a severity change needs a design change, stated in revised.justification.', revised.severity!.name, after, before),
        ),
      );
    }
  }
  return findings;
}

function duplicateIds(items: readonly { id?: string; idSpan?: Span }[], what: string): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const item of items) {
    if (item.id === undefined || !item.idSpan) continue;
    if (seen.has(item.id)) findings.push(at(item.idSpan, duplicateIdRule.id, what === 'risk' ? t('Duplicate risk id "{0}": ids must be unique in the file.', item.id) : t('Duplicate action id "{0}": ids must be unique in the file.', item.id)));
    seen.add(item.id);
  }
  return findings;
}

function fileFindings(model: AmdecModel, context: AmdecRuleContext): { findings: Finding[]; roles?: string[] } {
  const findings: Finding[] = [];
  if (model.method === 'aiag-vda-2019') {
    if (model.threshold) {
      findings.push(
        at(model.threshold.keySpan, apThresholdRule.id, t('With aiag-vda-2019, risks are prioritised by Action Priority (H/M/L); the handbook does not recommend RPN thresholds. Remove threshold.')),
      );
    }
    const off = criteria.filter((c) => model.scales[c][0] !== 1 || model.scales[c][1] !== 10);
    if (off.length > 0) {
      findings.push(
        at(model.methodSpan ?? { start: 0, end: 0 }, apScalesRule.id, off.length > 1 ? t('The Action Priority table is defined on 1–10 ratings; the {0} scales are not [1, 10].', off.join(', ')) : t('The Action Priority table is defined on 1–10 ratings; the {0} scale is not [1, 10].', off[0])),
      );
    }
  }
  let roles: string[] | undefined;
  const link = linkedRaci(model, context.index);
  if (link && model.raci) {
    if (!link.file) {
      findings.push(at(model.raci.valueSpan, raciNotFoundRule.id, t('RACI file "{0}" is not in the workspace (looked for {1}); owners are not checked.', model.raci.value, decodeURI(link.uri))));
    } else if (!link.raci) {
      findings.push(at(model.raci.valueSpan, raciNotFoundRule.id, t('"{0}" is not a RACI file (expected a *.raci.yaml file with kind: raci); owners are not checked.', model.raci.value)));
    } else {
      roles = link.raci.roles.map((r) => r.id);
    }
  }
  return { findings, roles };
}

/** Every AMDEC finding of a file: schema findings at their document, the others with absolute offsets. */
export function amdecFindings(model: AmdecModel, context: AmdecRuleContext): PlacedFinding[] {
  if (model.doc.errors.length > 0) return [];
  const placed = schemaPart(model, context.engine);
  const { findings, roles } = fileFindings(model, context);
  for (const risk of model.risks) findings.push(...riskFindings(model, risk, roles, context.today));
  findings.push(...duplicateIds(model.risks, 'risk'));
  findings.push(...duplicateIds(model.risks.flatMap((r) => r.actions), 'action'));
  for (const finding of findings) placed.push({ offset: 0, finding });
  return placed;
}
