import { closestName } from '../common/suggest';
import type { ErrorObject } from 'ajv';
import type { Finding } from '../common/findings';
import type { ReplacementData } from '../common/fixes';
import type { PlacedFinding } from '../features/feature';
import { nearestId } from '../raci/rules';
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
  defaultSeverity: 'error',
  description: 'An action owner is not a role id of the RACI file the analysis links to (raci:).',
});
export const raciNotFoundRule = defineRule({
  id: 'amdec-raci-not-found',
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
      finding: at(conflict.span, amdecSchemaRule.id, `"${conflict.second}" repeats "${conflict.first}" (the same field in another language): keep one.`),
    });
  }
  return placed;
}

function riskName(risk: AmdecRisk): string {
  return risk.id ? `Risk ${risk.id}` : 'This risk';
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
      typeof value === 'string' ? `"${value}"` : value === null || value === undefined ? 'nothing' : Array.isArray(value) ? 'a sequence' : typeof value === 'object' ? 'a mapping' : String(value);
    const zero = value === 0 ? ' (ratings start at 1, never 0)' : '';
    findings.push(at(rating.valueSpan, ratingRule.id, `${rating.name} must be an integer from ${low} to ${high}; found ${shown}${zero}.`));
  }
  if (missing.length > 0) findings.push(at(anchor, ratingRule.id, `${owner} has no ${missing.join(', ')} rating: every risk is rated on the three criteria.`));
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
        `Stored ${stored.name} ${shown} does not match ${letters.severity} ${score.s} × ${letters.occurrence} ${score.o} × ${letters.detection} ${score.d} = ${score.product}.`,
        { replacement: String(score.product), title: `Set ${stored.name} to ${score.product}` },
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
        `Stored ap ${shown} does not match the Action Priority table: S ${score.s}, O ${score.o}, D ${score.d} give ${score.ap}.`,
        { replacement: score.ap, title: `Set ap to ${score.ap}` },
      ),
    );
  }
  return findings;
}

function ownerCheck(owner: Field<unknown>, roles: readonly string[] | undefined, raciPath: string): Finding | undefined {
  if (!roles || typeof owner.value !== 'string' || roles.includes(owner.value)) return undefined;
  const near = nearestId(owner.value, roles);
  const hint = near ? ` Did you mean "${near}"?` : ` Roles: ${roles.join(', ') || 'none'}.`;
  return at(owner.valueSpan, unknownOwnerRule.id, `${owner.name} "${owner.value}" is not a role of ${raciPath}.${hint}`, near ? { replacement: near } : undefined);
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
        `Unknown category "${text}": expected technical, organisational, human, economic or legal (French: technique, organisationnel, humain, économique, légal).${near ? ` Did you mean "${near}"?` : ''}`,
        near ? { replacement: near } : undefined,
      ),
    );
  }

  const active = risk.actions.filter((a) => a.status?.value !== 'cancelled');
  if (needsTreatment(model, score) && active.length === 0 && !risk.justification) {
    const why =
      model.method === 'aiag-vda-2019'
        ? `has Action Priority H (S ${score!.s}, O ${score!.o}, D ${score!.d})`
        : `scores ${scoreName(model)} ${score!.product}, at or above the threshold ${model.threshold!.value}`;
    findings.push(at(riskAnchor(risk), untreatedRiskRule.id, `${name} ${why}: add an action or a written justification.`));
  }
  if (model.method === 'aiag-vda-2019' && score && score.s >= 9 && (score.ap === 'H' || score.ap === 'M')) {
    findings.push(
      at(
        risk.severity!.valueSpan,
        apReviewRule.id,
        `${name}: severity ${score.s} with Action Priority ${score.ap}; the AIAG & VDA handbook recommends a management review of such failure modes.`,
      ),
    );
  }

  const ownerWord = model.french ? 'responsable (owner)' : 'owner';
  const dueWord = model.french ? 'echeance (due date)' : 'due date';
  let revisionReported = false;
  for (const action of risk.actions) {
    const actionName = action.id ? `Action ${action.id}` : 'This action';
    const missing = [!action.owner && ownerWord, !action.due && dueWord, !action.status && 'status'].filter((m): m is string => !!m);
    if (missing.length > 0) {
      findings.push(
        at(action.idSpan ?? { start: action.span.start, end: action.span.start }, actionIncompleteRule.id, `${actionName} has no ${missing.join(', ')}: every action needs an owner, a due date and a status.`),
      );
    }
    if (isOverdue(action, today)) {
      const due = String(action.due!.value);
      const late = daysBetween(due, today);
      findings.push(
        at(action.due!.valueSpan, actionOverdueRule.id, `${actionName} was due ${due} and is still ${String(action.status!.value)}: ${late} day${late === 1 ? '' : 's'} late. Move the date or update the status.`),
      );
    }
    if (action.status?.value === 'done' && !risk.revised && !revisionReported) {
      revisionReported = true;
      findings.push(
        at(action.status.valueSpan, missingRevisionRule.id, `${actionName} is done but ${risk.id ? `risk ${risk.id}` : 'this risk'} has no revised ratings: add revised: {severity, occurrence, detection} to show its effect.`),
      );
    }
    if (action.owner && model.raci) {
      const finding = ownerCheck(action.owner, roles, model.raci.value);
      if (finding) findings.push(finding);
    }
  }

  const revised = risk.revised;
  if (revised) {
    findings.push(...ratingFindings(model, revised, revised.keySpan, `The revised ratings of ${risk.id ?? 'this risk'}`));
    findings.push(...storedScoreFindings(model, revised, scoreOf(model, revised)));
    const before = ratingValue(model, risk.severity);
    const after = ratingValue(model, revised.severity);
    if (before !== undefined && after !== undefined && before !== after && !revised.justification) {
      findings.push(
        at(
          revised.severity!.valueSpan,
          revisedSeverityRule.id,
          `Revised ${revised.severity!.name} ${after} differs from the original ${before}: actions lower occurrence and detection; a severity change needs a design change, stated in revised.justification.`,
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
    if (seen.has(item.id)) findings.push(at(item.idSpan, duplicateIdRule.id, `Duplicate ${what} id "${item.id}": ids must be unique in the file.`));
    seen.add(item.id);
  }
  return findings;
}

function fileFindings(model: AmdecModel, context: AmdecRuleContext): { findings: Finding[]; roles?: string[] } {
  const findings: Finding[] = [];
  if (model.method === 'aiag-vda-2019') {
    if (model.threshold) {
      findings.push(
        at(model.threshold.keySpan, apThresholdRule.id, 'With aiag-vda-2019, risks are prioritised by Action Priority (H/M/L); the handbook does not recommend RPN thresholds. Remove threshold.'),
      );
    }
    const off = criteria.filter((c) => model.scales[c][0] !== 1 || model.scales[c][1] !== 10);
    if (off.length > 0) {
      findings.push(
        at(model.methodSpan ?? { start: 0, end: 0 }, apScalesRule.id, `The Action Priority table is defined on 1–10 ratings; the ${off.join(', ')} scale${off.length > 1 ? 's are' : ' is'} not [1, 10].`),
      );
    }
  }
  let roles: string[] | undefined;
  const link = linkedRaci(model, context.index);
  if (link && model.raci) {
    if (!link.file) {
      findings.push(at(model.raci.valueSpan, raciNotFoundRule.id, `RACI file "${model.raci.value}" is not in the workspace (looked for ${decodeURI(link.uri)}); owners are not checked.`));
    } else if (!link.raci) {
      findings.push(at(model.raci.valueSpan, raciNotFoundRule.id, `"${model.raci.value}" is not a RACI file (expected a *.raci.yaml file with kind: raci); owners are not checked.`));
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
