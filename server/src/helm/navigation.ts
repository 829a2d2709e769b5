/**
 * Navigation between a chart's templates and its values: completion of `.Values.` paths and of
 * include/template names, hover on a `.Values` read (its value and the files defining it), go to
 * definition (the key in each values file, the define of a name), references (every template
 * reading a key, every include of a name) and rename of a value key (the key in every values file
 * of the chart and every template reading it).
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Location, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { toYaml } from '../gotemplate/codec';
import { isMap, type GoValue } from '../gotemplate/values';
import type { Feature, FeatureContext } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import type { SourceNode } from '../yaml/tree';
import { deepestInTree } from '../yaml/tree';
import { chartOf, relativePath, roleOf, type ChartLayout } from './chart';
import { chartRender, type HelmServices } from './services';
import { parsedTemplate } from './render';
import { knownValues } from './templateChecks';
import { templateUses, type TemplateCall } from './valuePaths';
import { readValues } from './values';
import { t } from '../l10n/t';

type Target = { kind: 'value'; path: string[]; span: [number, number] } | { kind: 'name'; name: string; span: [number, number] };

/** The values path or template name under the cursor, in a template or a values file. */
function targetAt(file: IndexedFile, layout: ChartLayout, offset: number): Target | undefined {
  const role = roleOf(layout, file.uri);
  if (role === 'template') {
    const parsed = parsedTemplate(file);
    const uses = templateUses(parsed);
    for (const use of uses.values) {
      const k = use.spans.findIndex(([s, e]) => offset >= s && offset <= e);
      if (k >= 0) return { kind: 'value', path: use.path.slice(0, k + 1), span: use.spans[k] };
    }
    const call = uses.calls.find((c) => offset >= c.start && offset <= c.end);
    if (call) return { kind: 'name', name: call.name, span: [call.start, call.end] };
    const define = parsed.defines.find((d) => offset >= d.nameStart && offset <= d.nameEnd);
    if (define) return { kind: 'name', name: define.name, span: [define.nameStart, define.nameEnd] };
    return undefined;
  }
  if (role === 'values' || role === 'valuesFile') {
    const doc = readValues(file);
    const found = doc && keyPathAt(doc.tree, offset - doc.offset);
    if (found) return { kind: 'value', path: found.path, span: [found.span[0] + doc.offset, found.span[1] + doc.offset] };
  }
  return undefined;
}

/** The path of the mapping key under `offset` in a values tree. Iterative. */
function keyPathAt(tree: SourceNode | null, offset: number): { path: string[]; span: [number, number] } | undefined {
  const work: { node: SourceNode; path: string[] }[] = tree ? [{ node: tree, path: [] }] : [];
  while (work.length > 0) {
    const { node, path } = work.pop()!;
    if (offset < node.start || offset > node.end) continue;
    for (const pair of node.pairs ?? []) {
      if (pair.key === undefined) continue;
      if (pair.keyNode && offset >= pair.keyNode.start && offset <= pair.keyNode.end) return { path: [...path, pair.key], span: [pair.keyNode.start, pair.keyNode.end] };
      if (pair.value) work.push({ node: pair.value, path: [...path, pair.key] });
    }
  }
  return undefined;
}

/** The values files of a chart, values.yaml first. */
function valuesFiles(layout: ChartLayout): string[] {
  return [...(layout.values ? [layout.values] : []), ...layout.valuesFiles];
}

/** Where each values file writes the key at `path`. */
function keyLocations(context: FeatureContext, layout: ChartLayout, path: readonly string[]): Location[] {
  const locations: Location[] = [];
  for (const uri of valuesFiles(layout)) {
    const file = context.index.get(uri);
    const doc = readValues(file);
    if (!file || !doc) continue;
    const { key, depth } = deepestInTree(doc.tree, path);
    if (depth === path.length && key) locations.push({ uri, range: file.lines.range(key.start + doc.offset, key.end + doc.offset) });
  }
  return locations;
}

/** Every read of `path` (or deeper) in the chart's templates: the span of its last segment. */
function valueReads(context: FeatureContext, layout: ChartLayout, path: readonly string[]): { file: IndexedFile; span: [number, number] }[] {
  const reads: { file: IndexedFile; span: [number, number] }[] = [];
  for (const uri of layout.templates) {
    const file = context.index.get(uri);
    if (!file) continue;
    for (const use of templateUses(parsedTemplate(file)).values) {
      if (use.path.length >= path.length && path.every((p, i) => use.path[i] === p)) reads.push({ file, span: use.spans[path.length - 1] });
    }
  }
  return reads;
}

function callsOf(context: FeatureContext, layout: ChartLayout, name: string): { file: IndexedFile; call: TemplateCall }[] {
  const found: { file: IndexedFile; call: TemplateCall }[] = [];
  for (const uri of layout.templates) {
    const file = context.index.get(uri);
    if (file) for (const call of templateUses(parsedTemplate(file)).calls) if (call.name === name) found.push({ file, call });
  }
  return found;
}

function valueAtPath(values: GoValue, path: readonly string[]): GoValue | undefined {
  let current: GoValue | undefined = values;
  for (const key of path) current = isMap(current ?? null) ? (current as Map<string, GoValue>).get(key) : undefined;
  return current;
}

const validKey = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The navigation methods of the Helm feature. */
export function helmNavigation(services: HelmServices): Pick<Feature, 'completion' | 'hover' | 'definition' | 'references' | 'prepareRename' | 'rename'> {
  const chart = (file: IndexedFile, context: FeatureContext) => chartOf(context.index, file.uri);
  return {
    completion(file, offset, context): CompletionItem[] {
      const layout = chart(file, context);
      if (!layout || roleOf(layout, file.uri) !== 'template') return [];
      const before = file.text.slice(Math.max(0, offset - 300), offset);
      const render = chartRender(context.index, layout, context.settings, services);
      const name = /\b(include|template)\s+"([^"]*)$/.exec(before);
      if (name) return [...render.defined.keys()].sort().map((label) => ({ label, kind: CompletionItemKind.Function, detail: relativePath(layout, render.uris.get(render.defined.get(label)!.file) ?? '') }));
      const path = /\.Values((?:\.[A-Za-z_]\w*)*)\.(\w*)$/.exec(before);
      if (!path) return [];
      const parent = valueAtPath(knownValues(context.index, layout, render.values), path[1].split('.').filter((s) => s !== ''));
      if (!isMap(parent ?? null)) return [];
      return [...(parent as Map<string, GoValue>)].map(([label, value]) => ({ label, kind: isMap(value) ? CompletionItemKind.Module : CompletionItemKind.Field, detail: isMap(value) ? t('map') : toYaml(value).split('\n')[0] }));
    },
    hover(file, offset, context) {
      const layout = chart(file, context);
      const target = layout && targetAt(file, layout, offset);
      if (!layout || target?.kind !== 'value') return undefined;
      const render = chartRender(context.index, layout, context.settings, services);
      const value = valueAtPath(knownValues(context.index, layout, render.values), target.path);
      const where = keyLocations(context, layout, target.path).map((l) => `${relativePath(layout, l.uri)}:${l.range.start.line + 1}`);
      const shown = value === undefined ? t('not defined in the chart\'s values files') : `\`\`\`yaml\n${toYaml(value).slice(0, 2000)}\n\`\`\``;
      return { contents: { kind: MarkupKind.Markdown, value: `**.Values.${target.path.join('.')}**\n\n${shown}${where.length ? `\n\n${t('Defined in {0}', where.join(', '))}` : ''}` }, range: file.lines.range(target.span[0], target.span[1]) };
    },
    definition(file, offset, context): Location[] {
      const layout = chart(file, context);
      const target = layout && targetAt(file, layout, offset);
      if (!layout || !target) return [];
      if (target.kind === 'value') return keyLocations(context, layout, target.path);
      const render = chartRender(context.index, layout, context.settings, services);
      const defined = render.defined.get(target.name);
      const uri = defined && render.uris.get(defined.file);
      const target_file = uri ? context.index.get(uri) : undefined;
      return defined && uri && target_file ? [{ uri, range: target_file.lines.range(defined.definition.nameStart, defined.definition.nameEnd) }] : [];
    },
    references(file, offset, context): Location[] {
      const layout = chart(file, context);
      const target = layout && targetAt(file, layout, offset);
      if (!layout || !target) return [];
      if (target.kind === 'name') return callsOf(context, layout, target.name).map(({ file: f, call }) => ({ uri: f.uri, range: f.lines.range(call.start, call.end) }));
      return [...keyLocations(context, layout, target.path), ...valueReads(context, layout, target.path).map(({ file: f, span }) => ({ uri: f.uri, range: f.lines.range(span[0], span[1]) }))];
    },
    prepareRename(file, offset, context) {
      const layout = chart(file, context);
      const target = layout && targetAt(file, layout, offset);
      if (target?.kind !== 'value') return undefined;
      return { range: file.lines.range(target.span[0], target.span[1]), placeholder: target.path[target.path.length - 1] };
    },
    rename(file, offset, newName, context): WorkspaceEdit | undefined {
      const layout = chart(file, context);
      const target = layout && targetAt(file, layout, offset);
      if (!layout || target?.kind !== 'value' || !validKey.test(newName)) return undefined;
      const changes: Record<string, TextEdit[]> = {};
      for (const location of keyLocations(context, layout, target.path)) (changes[location.uri] ??= []).push({ range: location.range, newText: newName });
      for (const { file: f, span } of valueReads(context, layout, target.path)) (changes[f.uri] ??= []).push({ range: f.lines.range(span[0], span[1]), newText: newName });
      return { changes };
    },
  };
}
