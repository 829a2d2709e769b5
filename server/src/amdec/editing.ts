import path from 'node:path/posix';
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Hover,
  type InlayHint,
  type Range,
} from 'vscode-languageserver-types';
import type { FeatureContext } from '../features/feature';
import { describeRole, raciModel } from '../raci/api';
import type { IndexedFile } from '../workspace/index';
import { cursorContext } from '../yaml/cursor';
import type { Span } from '../yaml/mapping';
import { categories, categoryDescription, categoryOf, type Category } from './categories';
import {
  actionStatuses,
  amdecModel,
  band,
  criteria,
  fieldNames,
  lettersFor,
  scoreLabel,
  scoreName,
  scoreOf,
  type AmdecModel,
  type AmdecRisk,
  type Ratings,
  type Score,
} from './model';
import { priorityMeaning } from './priority';
import { linkedRaci } from './raciLink';
import { t } from '../l10n/t';

const inside = (span: Span | undefined, offset: number) => !!span && offset >= span.start && offset <= span.end;

function formula(model: AmdecModel, ratings: Ratings, score: Score): string {
  const l = lettersFor(model, ratings);
  return `${l.severity} ${score.s} × ${l.occurrence} ${score.o} × ${l.detection} ${score.d} = ${score.product}`;
}

/** The end of the last rating written in a block of ratings: where its computed score is shown. */
function ratingsEnd(ratings: Ratings): number | undefined {
  const ends = criteria.map((c) => ratings[c]?.valueSpan.end).filter((e): e is number => e !== undefined);
  return ends.length > 0 ? Math.max(...ends) : undefined;
}

function overlaps(range: Range, file: IndexedFile, offset: number): boolean {
  const position = file.lines.positionAt(offset);
  return position.line >= range.start.line && position.line <= range.end.line;
}

/** The computed score after each risk's ratings, and the revised one after its revised ratings. */
export function amdecInlayHints(file: IndexedFile, range: Range): InlayHint[] {
  const model = amdecModel(file);
  if (!model) return [];
  const hints: InlayHint[] = [];
  for (const risk of model.risks) {
    const score = scoreOf(model, risk);
    const end = ratingsEnd(risk);
    if (score && end !== undefined && overlaps(range, file, end)) {
      hints.push({
        position: file.lines.positionAt(end),
        label: scoreLabel(model, score),
        paddingLeft: true,
        tooltip: `${formula(model, risk, score)} (${band(model, score)})${score.ap && model.method !== 'aiag-vda-2019' ? t('; Action Priority {0}', score.ap) : ''}`,
      });
    }
    const revised = scoreOf(model, risk.revised);
    const revisedEnd = risk.revised && ratingsEnd(risk.revised);
    if (revised && revisedEnd !== undefined && overlaps(range, file, revisedEnd)) {
      hints.push({
        position: file.lines.positionAt(revisedEnd),
        label: `→ ${scoreLabel(model, revised)}${score ? t(' (was {0})', model.method === 'aiag-vda-2019' ? (score.ap ?? '?') : score.product) : ''}`,
        paddingLeft: true,
        tooltip: t('Revised: {0} ({1})', formula(model, risk.revised!, revised), band(model, revised)),
      });
    }
  }
  return hints;
}

function riskCard(model: AmdecModel, risk: AmdecRisk): string {
  const lines: string[] = [];
  const what = [risk.item, risk.failureMode].filter(Boolean).join(': ');
  const category = typeof risk.category?.value === 'string' ? categoryOf(risk.category.value) : undefined;
  lines.push(`**${risk.id ?? t('Risk')}**${what ? ` — ${what}` : ''}${category ? ` *(${category})*` : ''}`);
  const score = scoreOf(model, risk);
  if (!score) {
    lines.push(t('Not scored: a rating is missing or outside its scale.'));
    return lines.join('\n\n');
  }
  if (model.method === 'aiag-vda-2019') {
    lines.push(t('Action Priority **{0}** (S {1}, O {2}, D {3}) — {4}.', score.ap ?? '?', score.s, score.o, score.d, score.ap ? priorityMeaning(score.ap) : t('scales are not 1–10')));
  } else {
    const threshold = model.threshold ? t(', threshold {0}', model.threshold.value) : '';
    lines.push(`${scoreName(model)} **${score.product}** = ${formula(model, risk, score).split(' = ')[0]} — ${band(model, score)}${threshold}.`);
    if (score.ap) lines.push(t('Action Priority (AIAG & VDA 2019): {0}.', score.ap));
  }
  const revised = scoreOf(model, risk.revised);
  if (revised) lines.push(t('Revised: {0} ({1}) — {2}.', scoreLabel(model, revised), formula(model, risk.revised!, revised), band(model, revised)));
  const open = risk.actions.filter((a) => a.status?.value === 'open' || a.status?.value === 'in-progress').length;
  if (risk.actions.length > 0) lines.push(risk.actions.length > 1 ? t('{0} actions, {1} open.', risk.actions.length, open) : t('1 action, {0} open.', open));
  return lines.join('\n\n');
}

export function amdecHover(file: IndexedFile, offset: number, context: FeatureContext): Hover | undefined {
  const model = amdecModel(file);
  if (!model) return undefined;
  const hover = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: file.lines.range(span.start, span.end) });
  for (const risk of model.risks) {
    if (!inside(risk.span, offset)) continue;
    for (const action of risk.actions) {
      const owner = action.owner;
      if (owner && inside(owner.valueSpan, offset) && typeof owner.value === 'string') {
        const raci = linkedRaci(model, context.index)?.raci;
        if (raci) return hover(describeRole(raci, owner.value, context.settings), owner.valueSpan);
      }
    }
    const spots = [risk.idSpan, risk.score?.valueSpan, risk.ap?.valueSpan, ...criteria.flatMap((c) => [risk[c]?.keySpan, risk[c]?.valueSpan])];
    const spot = spots.find((s) => inside(s, offset));
    if (spot) return hover(riskCard(model, risk), spot);
  }
  return undefined;
}

function values(labels: readonly { label: string; detail?: string }[], range: Range, kind: CompletionItemKind = CompletionItemKind.EnumMember): CompletionItem[] {
  return labels.map(({ label, detail }, i) => ({ label, detail, kind, sortText: String(i).padStart(3, '0'), textEdit: { range, newText: label } }));
}

export function amdecCompletion(file: IndexedFile, offset: number, context: FeatureContext): CompletionItem[] {
  const model = amdecModel(file);
  const yaml = file.yaml;
  if (!model || !yaml) return [];
  const cursor = cursorContext(yaml, offset);
  if (!cursor || cursor.kind !== 'value') return [];
  const range = file.lines.range(cursor.token.start, cursor.token.end);
  const p = cursor.path;
  const key = p[p.length - 1];
  if (p.length === 1) {
    if (key === 'method') {
      return values(
        [
          { label: 'rpn', detail: t('S × O × D, with a threshold') },
          { label: 'criticite', detail: t('F × G × D (French AMDEC), with a threshold') },
          { label: 'aiag-vda-2019', detail: t('Action Priority H/M/L (AIAG & VDA 2019)') },
        ],
        range,
      );
    }
    if (key === 'kind') return values([{ label: 'amdec' }, { label: 'fmea' }], range);
    if (key === 'raci') {
      const here = path.dirname(new URL(file.uri).pathname);
      const raciFiles = [...context.index.files()].filter((f) => f.uri.startsWith('file:') && raciModel(f));
      return values(
        raciFiles.map((f) => ({ label: decodeURIComponent(path.relative(here, new URL(f.uri).pathname)), detail: raciModel(f)?.title })),
        range,
        CompletionItemKind.File,
      );
    }
    return [];
  }
  if (p[0] !== 'risks' || typeof p[1] !== 'number') return [];
  if (p.length === 3 && key === 'category') {
    return values(
      (Object.entries(categories) as [Category, { french: string }][]).map(([name, { french }]) => ({
        label: model.french ? french : name,
        detail: categoryDescription(name),
      })),
      range,
    );
  }
  if (p.length === 5 && p[2] === 'actions' && key === 'status') {
    return values(actionStatuses.map((label) => ({ label })), range);
  }
  if (p.length === 5 && p[2] === 'actions' && (fieldNames.owner as readonly string[]).includes(String(key))) {
    const raci = linkedRaci(model, context.index)?.raci;
    if (!raci) return [];
    return values(raci.roles.map((r) => ({ label: r.id, detail: r.name })), range, CompletionItemKind.Variable);
  }
  return [];
}
