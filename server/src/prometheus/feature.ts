import { CompletionItemKind, MarkupKind, SymbolKind, type CompletionItem, type DocumentSymbol, type Hover, type Location } from 'vscode-languageserver-types';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import { completionSite, hoverTarget } from '../promql/assist';
import { promqlTerms } from '../promql/vocabulary';
import type { IndexedFile } from '../workspace/index';
import type { YamlChunk } from '../yaml/model';
import { configFindings } from './configChecks';
import path from 'node:path';
import { isPrometheusConfig, isRuleTestFile, monitoringKnowledge } from './knowledge';
import { lokiRulerOf } from './lokiRuler';
import { ruleFileFindings } from './ruleChecks';
import { ruleFileModel, ruleGroupsHolder, type RuleFileModel, type RuleModel } from './ruleFile';
import type { PrometheusFaces } from './faces';
import type { SummaryStore } from './ruleResults';
import { ruleTestFindings } from './ruleTests';
import { serveMetricTypes } from './serveMetrics';

const modelKey = Symbol('prometheus-rules');

interface ChunkModel {
  offset: number;
  chunk: YamlChunk;
  /** A rule document's model, built on first read: a check whose document was summarised before reads none (ruleChecks.ts). */
  readonly rules?: RuleFileModel;
  /** Whether `rules` is there (without building it). */
  ruleFile?: true;
  config?: boolean;
  ruleTests?: boolean;
}

/** The Prometheus documents of a file version (rule files, PrometheusRule objects, configurations), built once. */
function documentsOf(file: IndexedFile, globs: readonly string[] = []): ChunkModel[] {
  const byGlobs = file.model(modelKey, () => new Map<string, ChunkModel[]>());
  const key = globs.join('\n');
  let documents = byGlobs.get(key);
  if (!documents) byGlobs.set(key, (documents = readDocuments(file, globs)));
  return documents;
}

function readDocuments(file: IndexedFile, globs: readonly string[]): ChunkModel[] {
  const yaml = file.yaml;
  if (!yaml) return [];
  const list: ChunkModel[] = [];
  for (const { offset, chunk } of yaml.chunks) {
    if (!chunk.wellFormed) continue;
    const value = chunk.value;
    if (ruleGroupsHolder(value, null)) {
      let model: RuleFileModel | undefined;
      const rules = () => (model ??= ruleFileModel(chunk.text, ruleGroupsHolder(value, chunk.tree)!));
      list.push({
        offset,
        chunk,
        ruleFile: true,
        get rules() {
          return rules();
        },
      });
    }
    else if (isPrometheusConfig(file.uri, value, globs)) list.push({ offset, chunk, config: true });
    else if (isRuleTestFile(value)) list.push({ offset, chunk, ruleTests: true });
  }
  return list;
}

/** The rule whose expression holds the file offset, and the offset in the expression's text. */
function ruleAt(file: IndexedFile, offset: number): { rule: RuleModel; at: number } | undefined {
  for (const document of documentsOf(file)) {
    for (const group of document.rules?.groups ?? []) {
      for (const rule of group.rules) {
        const node = rule.exprAt?.node;
        if (!rule.expr || !rule.exprOffset || !node) continue;
        const local = offset - document.offset;
        if (local < node.start || local > node.end) continue;
        // The expression offset whose chunk offset is `local` (the map is monotonic).
        for (let i = 0; i <= rule.expr.text.length; i++) if (rule.exprOffset(i) === local) return { rule, at: i };
      }
    }
  }
  return undefined;
}

/** Where the workspace's rule files record `name`, with the recording expression. */
function recordings(context: FeatureContext, name: string): { location: Location; expr: string }[] {
  const found: { location: Location; expr: string }[] = [];
  for (const uri of monitoringKnowledge(context.index).recorded.get(name) ?? []) {
    const other = context.index.get(uri);
    if (!other) continue;
    for (const document of documentsOf(other)) {
      for (const group of document.rules?.groups ?? []) {
        for (const rule of group.rules) {
          const node = rule.record?.node;
          if (!node || rule.name !== name) continue;
          const range = { start: other.lines.positionAt(document.offset + node.start), end: other.lines.positionAt(document.offset + node.end) };
          found.push({ location: { uri, range }, expr: rule.expr?.text.trim() ?? '' });
        }
      }
    }
  }
  return found;
}

/** Label names for completion: Prometheus's target labels and every label the file's expressions name. */
function labelNames(file: IndexedFile): Set<string> {
  const names = new Set(['job', 'instance', '__name__']);
  for (const document of documentsOf(file)) {
    for (const group of document.rules?.groups ?? []) {
      for (const rule of group.rules) {
        const expr = rule.expr;
        if (!expr) continue;
        expr.tree.iterate({
          enter(ref) {
            if (ref.name === 'LabelName') names.add(expr.text.slice(ref.from, ref.to));
          },
        });
      }
    }
  }
  return names;
}

function knownMetrics(context: FeatureContext): string[] {
  return [...monitoringKnowledge(context.index).recorded.keys()];
}

/**
 * Prometheus rule files (plain and PrometheusRule objects) and configurations. `faces` are the run's other families'
 * faces (Family.faces: the family's descriptor takes them from the run's families, facesOf): the Compose project beside
 * a configuration is read through `faces.compose`, never imported. With a `store`, the rules' own findings are kept
 * between processes (the family's host gives it: prometheus/host.ts); without one, every check is made in this process.
 */
export function prometheusFeature(faces: PrometheusFaces = {}, store?: SummaryStore): Feature {
  return { ...prometheusAssists, findings: (file, context) => findings(file, context, faces, store) };
}

function findings(file: IndexedFile, context: FeatureContext, faces: PrometheusFaces, store?: SummaryStore): PlacedFinding[] {
  const placed: PlacedFinding[] = [];
  const globs = context.settings.prometheus.files;
  const documents = documentsOf(file, globs);
  if (documents.length === 0) return placed;
  const knowledge = monitoringKnowledge(context.index, globs);
  const lokiConfig = knowledge.lokiRulers.length > 0 ? lokiRulerOf(file.uri, knowledge.lokiRulers) : undefined;
  // Named from the rule file's folder: the same on any clone.
  const lokiRuler = lokiConfig !== undefined ? decodeURIComponent(path.posix.relative(path.posix.dirname(file.uri), lokiConfig)) : undefined;
  for (const document of documents) {
    if (context.isCancelled()) break;
    const root = { value: document.chunk.value, node: document.chunk.tree };
    const found = document.ruleFile
      ? ruleFileFindings(() => document.rules!, { chunkText: document.chunk.text, knowledge, ...(store ? { store } : {}), ...(lokiRuler !== undefined ? { lokiRuler } : {}) }, document.chunk.tree)
      : document.ruleTests
        ? ruleTestFindings(root, document.chunk.text, file.uri, context.index)
        : configFindings(root, { uri: file.uri, index: context.index, ...(faces.compose ? { compose: faces.compose } : {}), composeGlobs: context.settings.compose.files });
    for (const finding of found) placed.push({ offset: document.offset, finding });
  }
  return placed;
}

/** What the feature answers besides its findings (hover, completion, definition, symbols): no other family's face is read. */
const prometheusAssists: Omit<Feature, 'findings'> = {
  id: 'prometheus',
  hover(file, offset, context): Hover | undefined {
    const found = ruleAt(file, offset);
    if (!found?.rule.expr) return undefined;
    const target = hoverTarget(found.rule.expr, found.at);
    if (!target) return undefined;
    if (target.kind === 'metric') {
      const type = serveMetricTypes.get(target.name);
      const recorded = recordings(context, target.name);
      const lines = [`\`${target.name}\``];
      if (type) lines.push(t('archipel serve {0}', type));
      for (const record of recorded) lines.push(`${t('recording rule')}: \`${record.expr}\``);
      return lines.length > 1 ? { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') } } : undefined;
    }
    const head = target.signature ?? target.term.name;
    return { contents: { kind: MarkupKind.Markdown, value: `\`\`\`promql\n${head}\n\`\`\`\n\n${target.term.description} (${target.term.kind})` } };
  },
  completion(file, offset, context): CompletionItem[] {
    const found = ruleAt(file, offset);
    if (!found?.rule.expr) return [];
    const site = completionSite(found.rule.expr, found.at);
    if (!site) return [];
    if (site.kind === 'label') return [...labelNames(file)].sort().map((label) => ({ label, kind: CompletionItemKind.Field, detail: t('label') }));
    const items: CompletionItem[] = promqlTerms().map((term) => ({ label: term.name, kind: term.kind === 'function' ? CompletionItemKind.Function : CompletionItemKind.Keyword, detail: term.kind, documentation: term.description }));
    for (const name of knownMetrics(context)) items.push({ label: name, kind: CompletionItemKind.Variable, detail: t('recording rule') });
    for (const [name, type] of serveMetricTypes) items.push({ label: name, kind: CompletionItemKind.Variable, detail: t('archipel serve {0}', type) });
    return items;
  },
  definition(file, offset, context): Location[] {
    const found = ruleAt(file, offset);
    if (!found?.rule.expr) return [];
    const target = hoverTarget(found.rule.expr, found.at);
    return target?.kind === 'metric' ? recordings(context, target.name).map((r) => r.location) : [];
  },
  documentSymbols(file): DocumentSymbol[] {
    const symbols: DocumentSymbol[] = [];
    const lines = file.lines;
    for (const document of documentsOf(file)) {
      for (const group of document.rules?.groups ?? []) {
        const node = group.at.node;
        if (!node) continue;
        const range = { start: lines.positionAt(document.offset + node.start), end: lines.positionAt(document.offset + node.end) };
        const children: DocumentSymbol[] = [];
        for (const rule of group.rules) {
          const ruleNode = rule.at.node;
          if (!ruleNode || rule.name === '') continue;
          const ruleRange = { start: lines.positionAt(document.offset + ruleNode.start), end: lines.positionAt(document.offset + ruleNode.end) };
          children.push({ name: rule.name, detail: rule.alert ? 'alert' : 'record', kind: rule.alert ? SymbolKind.Event : SymbolKind.Variable, range: ruleRange, selectionRange: ruleRange });
        }
        symbols.push({ name: group.name || '(group)', kind: SymbolKind.Namespace, range, selectionRange: range, children });
      }
    }
    return symbols;
  },
};
