import { closest, distance } from 'fastest-levenshtein';
import type { Finding } from '../common/findings';
import type { ReplacementData } from '../common/fixes';
import type { PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import { defineRule } from '../rules/registry';
import type { SchemaEngine } from '../schema/engine';
import { schemaFindings } from '../schema/errors';
import { sourceTreeOfDoc } from '../yaml/tree';
import type { ArchipelSettings } from '../settings';
import type { Span } from '../yaml/mapping';
import { cellLetters, roleLoad, type RaciActivity, type RaciCell, type RaciModel } from './model';
import { lookAlike } from './schemes';

export const raciSchemaRule = defineRule({
  id: 'raci-schema',
  defaultSeverity: 'error',
  description: 'A RACI file does not match its schema: unknown field, missing id or raci, wrong type, unknown scheme.',
});
export const oneAccountableRule = defineRule({
  id: 'raci-one-accountable',
  defaultSeverity: 'error',
  description: 'An activity must have exactly one Accountable (A) role: none leaves it unowned, several leave nobody answerable.',
});
export const noResponsibleRule = defineRule({
  id: 'raci-no-responsible',
  defaultSeverity: 'error',
  description: 'An activity has no Responsible (R; Driver D in DACI): nobody does the work (a lone A counts when archipel.raci.loneAccountableIsResponsible is on).',
});
export const unknownLetterRule = defineRule({
  id: 'raci-unknown-letter',
  defaultSeverity: 'error',
  description: 'A cell uses a letter that is not part of the declared scheme (RACI, RASCI, RACI-VS or DACI).',
});
export const lookAlikeLetterRule = defineRule({
  id: 'raci-lookalike-letter',
  defaultSeverity: 'error',
  description: 'A cell uses a character from another alphabet that looks like a scheme letter (Cyrillic А, С, І…); it matches nothing. Quick fix: the Latin letter.',
});
export const combinedLettersRule = defineRule({
  id: 'raci-combined-letters',
  defaultSeverity: 'warning',
  description: 'A role holds two letters on one activity other than Accountable + Responsible (e.g. "CI"), or the same letter twice.',
});
export const undeclaredRoleRule = defineRule({
  id: 'raci-undeclared-role',
  defaultSeverity: 'error',
  description: 'An activity assigns a letter to a role id that is not declared under roles.',
});
export const unusedRoleRule = defineRule({
  id: 'raci-unused-role',
  defaultSeverity: 'warning',
  description: 'A declared role holds no letter on any activity.',
});
export const duplicateIdRule = defineRule({
  id: 'raci-duplicate-id',
  defaultSeverity: 'error',
  description: 'Two roles or two activities share an id.',
});
export const overloadedRoleRule = defineRule({
  id: 'raci-overloaded-role',
  defaultSeverity: 'warning',
  description: 'A role is Accountable or Responsible on a larger share of the activities than archipel.raci.maxLoad allows (matrices of 4 activities or more).',
});

/** Below this many activities a share says little: one role holding 2 of 3 rows is normal. */
export const minActivitiesForLoad = 4;

const at = (span: Span, code: string, message: string, data?: ReplacementData): Finding => ({ start: span.start, end: span.end, code, message, ...(data ? { data } : {}) });

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function activityName(activity: RaciActivity): string {
  return activity.id ? t('Activity {0}', activity.id) : t('This activity');
}

function activityAnchor(activity: RaciActivity): Span {
  return activity.idSpan ?? activity.raciKeySpan ?? activity.span;
}

/** A close declared id for a misspelt or renamed one (`stewart`, `steward` → `data-steward`), if any. */
export function nearestId(id: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(id, candidates);
  if (distance(best, id) <= Math.max(1, Math.floor(id.length / 3)) || best.toLowerCase() === id.toLowerCase()) return best;
  const containing = id.length >= 3 ? candidates.filter((c) => c.includes(id) || id.includes(c)) : [];
  return containing.length === 1 ? containing[0] : undefined;
}

function letterFindings(model: RaciModel, cell: RaciCell): Finding[] {
  const scheme = model.scheme;
  const findings: Finding[] = [];
  const allowed = Object.keys(scheme.letters).join(', ');
  const alike = cell.letters.filter((t) => t.problem === 'look-alike');
  if (alike.length > 0) {
    let fixed = cell.source;
    for (const token of alike) fixed = fixed.split(token.char).join(lookAlike(token.char)!.latin);
    for (const token of alike) {
      const latin = lookAlike(token.char)!.latin;
      findings.push(
        at(
          alike.length === 1 ? token.span : cell.valueSpan,
          lookAlikeLetterRule.id,
          t('"{0}" ({1} {2}) looks like the letter {3} but is not: it matches no {4} letter. Type the Latin "{3}".', token.char, codePoint(token.char), lookAlike(token.char)!.name, latin, scheme.name),
          alike.length === 1 ? { replacement: latin, title: t('Replace with the Latin letter "{0}"', latin) } : { replacement: fixed, title: t('Replace look-alike characters with Latin letters ({0})', fixed) },
        ),
      );
    }
  }
  for (const token of cell.letters) {
    if (token.problem === 'lowercase') {
      findings.push(
        at(token.span, unknownLetterRule.id, t('"{0}" is not a {1} letter: letters are capitals ({2}). Did you mean "{3}"?', token.char, scheme.name, allowed, token.normalized!), {
          replacement: token.normalized!,
        }),
      );
    } else if (token.problem === 'unknown') {
      findings.push(
        at(token.span, unknownLetterRule.id, cell.role ? t('"{0}" is not a {1} letter; expected one of {2} for {3}.', token.char, scheme.name, allowed, cell.role) : t('"{0}" is not a {1} letter; expected one of {2}.', token.char, scheme.name, allowed)),
      );
    }
  }
  const counted = cell.letters.filter((t) => t.normalized).map((t) => t.normalized!);
  const distinct = new Set(counted);
  const pairOk = distinct.size === 2 && distinct.has(scheme.accountable) && distinct.has(scheme.responsible);
  if (counted.length !== distinct.size) {
    const twice = counted.find((l, i) => counted.indexOf(l) !== i)!;
    findings.push(at(cell.valueSpan, combinedLettersRule.id, t('{0} is given "{1}" twice on one activity; write it once.', cell.role, twice)));
  } else if (distinct.size >= 2 && !pairOk) {
    const names = [...distinct].map((l) => `${l} (${scheme.letters[l]})`).join(t(' and '));
    findings.push(
      at(
        cell.valueSpan,
        combinedLettersRule.id,
        t('{0} holds {1} on one activity: only {2}{3} ({4} and {5}) may be combined; keep the stronger letter.', cell.role, names, scheme.accountable, scheme.responsible, scheme.letters[scheme.accountable], scheme.letters[scheme.responsible]),
      ),
    );
  }
  return findings;
}

function activityFindings(model: RaciModel, activity: RaciActivity, settings: ArchipelSettings): Finding[] {
  const scheme = model.scheme;
  const a = scheme.accountable;
  const r = scheme.responsible;
  const findings: Finding[] = [];
  const accountable = activity.cells.filter((c) => cellLetters(c).has(a));
  if (accountable.length === 0) {
    findings.push(
      at(activityAnchor(activity), oneAccountableRule.id, t('{0} has no {1} ({2}): exactly one role must be {2}.', activityName(activity), scheme.letters[a], a)),
    );
  } else if (accountable.length > 1) {
    // One problem, on the first A; the other A cells are its related information.
    const roles = accountable.map((c) => c.role).join(', ');
    const [first, ...others] = accountable;
    findings.push({
      ...at(first.valueSpan, oneAccountableRule.id, t('{0} has {1} {2} roles ({3}): exactly one role must be {4}.', activityName(activity), accountable.length, scheme.letters[a], roles, a)),
      related: others.map((cell) => ({ start: cell.valueSpan.start, end: cell.valueSpan.end, message: t('{0} is also {1} here', cell.role, a) })),
    });
  }
  const responsible = activity.cells.some((c) => cellLetters(c).has(r));
  const loneAccountable = accountable.length === 1 && settings.raci.loneAccountableIsResponsible;
  if (!responsible && !loneAccountable) {
    const hint = accountable.length === 1 ? t(' (write "{0}{1}" if {2} also does the work, or set archipel.raci.loneAccountableIsResponsible)', a, r, accountable[0].role) : '';
    findings.push(
      // On the activity's row of letters (its `raci:`), where the missing R would go.
      at(activity.raciKeySpan ?? activityAnchor(activity), noResponsibleRule.id, t('{0} has no {1} ({2}): at least one role must do the work{3}.', activityName(activity), scheme.letters[r], r, hint)),
    );
  }
  return findings;
}

function duplicates<T extends { id?: string }>(items: readonly T[], span: (item: T) => Span | undefined, what: string): Finding[] {
  const seen = new Map<string, number>();
  const findings: Finding[] = [];
  items.forEach((item, index) => {
    if (item.id === undefined) return;
    const first = seen.get(item.id);
    const where = span(item);
    if (first !== undefined && where) findings.push(at(where, duplicateIdRule.id, what === 'role' ? t('Duplicate role id "{0}": role {1} already uses it; ids must be unique.', item.id, first + 1) : t('Duplicate activity id "{0}": activity {1} already uses it; ids must be unique.', item.id, first + 1)));
    else seen.set(item.id, index);
  });
  return findings;
}

function roleFindings(model: RaciModel, settings: ArchipelSettings): Finding[] {
  const findings: Finding[] = [];
  const declared = model.roles.map((r) => r.id);
  const declaredSet = new Set(declared);
  for (const activity of model.activities) {
    for (const cell of activity.cells) {
      if (declaredSet.has(cell.role)) continue;
      const near = nearestId(cell.role, declared);
      findings.push(
        at(
          cell.roleSpan,
          undeclaredRoleRule.id,
          near ? t('Role "{0}" is not declared under roles. Did you mean "{1}"?', cell.role, near) : t('Role "{0}" is not declared under roles; declared: {1}.', cell.role, declared.join(', ') || t('none')),
          near ? { replacement: near } : undefined,
        ),
      );
    }
  }
  const checkLoad = model.activities.length >= minActivitiesForLoad;
  const reported = new Set<string>();
  for (const role of model.roles) {
    if (reported.has(role.id)) continue;
    reported.add(role.id);
    const load = roleLoad(model, role.id);
    const total = Object.values(load.letters).reduce((s, n) => s + n, 0);
    if (total === 0) {
      findings.push(at(role.idSpan, unusedRoleRule.id, t('Role "{0}" holds no letter on any activity: assign it or remove it.', role.id)));
      continue;
    }
    const share = load.accountableOrResponsible / load.activities;
    if (checkLoad && share > settings.raci.maxLoad) {
      findings.push(
        at(
          role.idSpan,
          overloadedRoleRule.id,
          t('Role "{0}" is {1} or {2} on {3} of {4} activities ({5} %), above the {6} % bound (archipel.raci.maxLoad): spread the work or raise the bound.', role.id, model.scheme.accountable, model.scheme.responsible, load.accountableOrResponsible, load.activities, Math.round(share * 100), Math.round(settings.raci.maxLoad * 100)),
        ),
      );
    }
  }
  return findings;
}

/** Every RACI finding of a file, with absolute offsets (schema findings placed at their document). */
export function raciFindings(model: RaciModel, engine: SchemaEngine, settings: ArchipelSettings): PlacedFinding[] {
  const placed: PlacedFinding[] = [];
  if (model.doc.errors.length > 0) return placed;
  const errors = engine.validate('raci', model.value) ?? [];
  for (const finding of schemaFindings(errors, sourceTreeOfDoc(model.doc), model.value, engine, 'raci', raciSchemaRule.id)) placed.push({ offset: model.docOffset, finding });
  const local: Finding[] = [];
  for (const activity of model.activities) {
    if (activity.hasCells) local.push(...activityFindings(model, activity, settings));
    for (const cell of activity.cells) local.push(...letterFindings(model, cell));
  }
  local.push(...duplicates(model.roles, (r) => r.idSpan, 'role'));
  local.push(...duplicates(model.activities, (a) => a.idSpan, 'activity'));
  local.push(...roleFindings(model, settings));
  for (const finding of local) placed.push({ offset: 0, finding });
  return placed;
}
