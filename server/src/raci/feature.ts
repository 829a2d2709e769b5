import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver-types';
import { replacementFixes } from '../common/fixes';
import type { Feature } from '../features/feature';
import type { SchemaEngine } from '../schema/engine';
import type { ArchipelSettings } from '../settings';
import type { IndexedFile } from '../workspace/index';
import { cursorContext } from '../yaml/cursor';
import type { Span } from '../yaml/mapping';
import { cellLetters, raciModel, roleLoad, type RaciModel } from './model';
import { lookAlikeLetterRule, raciFindings, raciSchemaRule, undeclaredRoleRule, unknownLetterRule } from './rules';
import { schemes } from './schemes';
import { t } from '../l10n/t';

const fixable = new Set([lookAlikeLetterRule.id, unknownLetterRule.id, undeclaredRoleRule.id, raciSchemaRule.id]);

const inside = (span: Span | undefined, offset: number) => !!span && offset >= span.start && offset <= span.end;

/** "A on 4, R on 2 of 14 activities; A/R load 43 % (bound 50 %)": a role's share of the matrix. */
export function describeRole(model: RaciModel, roleId: string, settings: ArchipelSettings): string {
  const role = model.roles.find((r) => r.id === roleId);
  const load = roleLoad(model, roleId);
  const scheme = model.scheme;
  const letters = Object.keys(scheme.letters)
    .filter((l) => load.letters[l])
    .map((l) => t('{0} on {1}', l, load.letters[l]))
    .join(', ');
  const share = load.activities > 0 ? Math.round((load.accountableOrResponsible / load.activities) * 100) : 0;
  const title = role ? `**${role.id}**${role.name ? ` — ${role.name}` : ''}` : t('**{0}** (not declared)', roleId);
  const usage = letters ? t('{0} of {1} activities', letters, load.activities) : t('no letter on any of {0} activities', load.activities);
  return `${title}\n\n${t('{0}; {1}/{2} load {3} % (bound {4} %).', usage, scheme.accountable, scheme.responsible, share, Math.round(settings.raci.maxLoad * 100))}`;
}

function hover(file: IndexedFile, offset: number, settings: ArchipelSettings): Hover | undefined {
  const model = raciModel(file);
  if (!model) return undefined;
  const markdown = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: file.lines.range(span.start, span.end) });
  for (const role of model.roles) if (inside(role.idSpan, offset)) return markdown(describeRole(model, role.id, settings), role.idSpan);
  for (const activity of model.activities) {
    for (const cell of activity.cells) {
      if (inside(cell.roleSpan, offset)) return markdown(describeRole(model, cell.role, settings), cell.roleSpan);
      if (inside(cell.valueSpan, offset) && cell.letters.length > 0) {
        const meaning = [...cellLetters(cell)].map((l) => `**${l}** ${model.scheme.letters[l]}`).join(' + ');
        if (meaning) return markdown(activity.id ? t('{0} on {1}: {2} ({3})', cell.role, activity.id, meaning, model.scheme.name) : t('{0} on this activity: {1} ({2})', cell.role, meaning, model.scheme.name), cell.valueSpan);
      }
    }
  }
  return undefined;
}

function completion(file: IndexedFile, offset: number): CompletionItem[] {
  const model = raciModel(file);
  const yaml = file.yaml;
  if (!model || !yaml) return [];
  const context = cursorContext(yaml, offset);
  if (!context) return [];
  const range = file.lines.range(context.token.start, context.token.end);
  const { path } = context;
  const inRaci = path.length >= 3 && path[0] === 'activities' && typeof path[1] === 'number' && path[2] === 'raci';
  if (context.kind === 'key' && inRaci && path.length === 3) {
    const activity = model.activities[path[1] as number];
    const used = new Set(activity?.cells.map((c) => c.role));
    return model.roles
      .filter((r) => !used.has(r.id) || r.id === context.prefix)
      .map((r) => ({ label: r.id, kind: CompletionItemKind.Variable, detail: r.name, textEdit: { range, newText: `${r.id}: ` } }));
  }
  if (context.kind === 'value' && inRaci && path.length === 4) {
    const scheme = model.scheme;
    const letters = Object.entries(scheme.letters).map(([letter, meaning], i) => ({
      label: letter,
      kind: CompletionItemKind.EnumMember,
      detail: meaning,
      sortText: String(i),
      textEdit: { range, newText: letter },
    }));
    const both = `${scheme.accountable}${scheme.responsible}`;
    letters.push({
      label: both,
      kind: CompletionItemKind.EnumMember,
      detail: t('{0} and {1}', scheme.letters[scheme.accountable], scheme.letters[scheme.responsible]),
      sortText: String(letters.length),
      textEdit: { range, newText: both },
    });
    return letters;
  }
  if (context.kind === 'value' && path.length === 1 && path[0] === 'scheme') {
    return Object.values(schemes).map((s) => ({
      label: s.name,
      kind: CompletionItemKind.EnumMember,
      detail: Object.values(s.letters).join(', '),
      textEdit: { range, newText: s.name },
    }));
  }
  return [];
}

/** RACI matrices (`*.raci.yaml`, or `kind: raci`): letters, roles and loads checked; completion and hover. */
export function raciFeature(engine: SchemaEngine): Feature {
  return {
    id: 'raci',
    findings(file, context) {
      const model = raciModel(file);
      if (!model) return [];
      return raciFindings(model, engine, context.settings);
    },
    completion: (file, offset) => completion(file, offset),
    hover: (file, offset, context) => hover(file, offset, context.settings),
    codeActions(file, _range, diagnostics) {
      return raciModel(file) ? replacementFixes(file.uri, diagnostics, fixable) : [];
    },
  };
}
