/**
 * A hand-written `threagile.yaml` in the editor (issue #65): Threagile's JSON schema
 * (schemas/threagile/schema.json, through the house's schema engine), references between ids that
 * name nothing (with a did-you-mean), the ten risk rules run on the model (handWritten.ts: the
 * CLI's reader and rules) placed on each technical asset's line, `risk_tracking` honoured; completion
 * of ids in reference positions and of the schema's enum values.
 * Read as Threagile reads it: YAML 1.2 with merge keys.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover, type Location, type WorkspaceEdit } from 'vscode-languageserver-types';
import { replacementFixes } from '../common/fixes';
import { closestName } from '../common/suggest';
import type { Finding } from '../common/findings';
import type { Feature, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import type { SchemaEngine } from '../schema/engine';
import { schemaFindings } from '../schema/errors';
import type { IndexedFile } from '../workspace/index';
import { cursorContext } from '../yaml/cursor';
import { sourceTreeOfDoc } from '../yaml/tree';
import { THREAGILE_NAME } from './files';
import { handWrittenRisks, isThreagileModel } from './handWritten';
import { raised } from './riskRegister';
import { threagileFileRules } from './rules';
import { idAt, type IdKind } from './threagileIds';
import { allCategories } from './threagile/rules';

/** `threagile.yaml`, `threagile-<x>.yaml`, `<x>.threagile.yaml`; or any YAML that starts a Threagile model (`threagile_version:`). */
export function isThreagileFile(uri: string, text: string): boolean {
  return THREAGILE_NAME.test(uri) || isThreagileModel(text);
}

/** What the feature reads: Threagile's schema in an engine, its technology table (host.ts loads them). */
export interface ThreagileData {
  engine: SchemaEngine;
  attributes: (technology: string) => readonly string[];
}

/** The file read once per version (as Threagile reads it): its document, and its value when it has no error. */
type Parsed = { doc: Document.Parsed; value: unknown };

const parsedKey = Symbol('threagile-parse');

function read(file: IndexedFile): { doc: Document.Parsed; value: unknown } {
  return file.model(parsedKey, (f) => {
    const doc = parseDocument(f.text, { version: '1.2', merge: true, uniqueKeys: false, logLevel: 'silent' });
    if (doc.errors.length > 0) return { doc, value: undefined };
    try {
      // maxAliasCount: an alias bomb throws here rather than filling the memory.
      return { doc, value: doc.toJS({ maxAliasCount: 1000 }) as unknown };
    } catch {
      return { doc, value: undefined };
    }
  });
}

/** The parse the schema, the references and the rules read (one per file version), when the file has no YAML error. */
function parsed(file: IndexedFile): Parsed | undefined {
  const { doc, value } = read(file);
  return value === undefined ? undefined : { doc, value };
}

/** The entries of a top-level section (a map of titled entries): title, the entry's map node. */
function sectionEntries(doc: Document.Parsed, section: string): { title: string; node: Node }[] {
  const map = doc.get(section, true);
  if (!isMap(map)) return [];
  return map.items.flatMap((pair) => (isScalar(pair.key) && isMap(pair.value) ? [{ title: String(pair.key.value), node: pair.value }] : []));
}

const child = (node: Node, key: string): Node | undefined => (isMap(node) ? ((node.get(key, true)) ?? undefined) : undefined);
const idOf = (title: string, node: Node): string => {
  const id = child(node, 'id');
  return isScalar(id) && typeof id.value === 'string' ? id.value : title;
};

/** The scalar strings of a sequence node, with their nodes. */
function items(node: Node | undefined): { value: string; node: Node }[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [{ value: item.value, node: item }] : []));
}

interface Reference {
  value: string;
  node: Node;
  kind: 'technical asset' | 'data asset' | 'trust boundary';
}

interface Ids {
  assets: string[];
  data: string[];
  boundaries: string[];
  /** Everything a risk's synthetic id may name: assets, data assets, boundaries, shared runtimes, links. */
  all: string[];
}

function idsOf(doc: Document.Parsed): Ids {
  const assets = sectionEntries(doc, 'technical_assets').map((e) => idOf(e.title, e.node));
  const data = sectionEntries(doc, 'data_assets').map((e) => idOf(e.title, e.node));
  const boundaries = sectionEntries(doc, 'trust_boundaries').map((e) => idOf(e.title, e.node));
  const runtimes = sectionEntries(doc, 'shared_runtimes').map((e) => idOf(e.title, e.node));
  const links = sectionEntries(doc, 'technical_assets').flatMap((e) => {
    const communication = child(e.node, 'communication_links');
    return isMap(communication) ? communication.items.flatMap((pair) => (isScalar(pair.key) ? [`${idOf(e.title, e.node)}>${String(pair.key.value).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`] : [])) : [];
  });
  return { assets, data, boundaries, all: [...assets, ...data, ...boundaries, ...runtimes, ...links] };
}

/** Every place that names an id: data assets processed and stored, links' targets and data, boundaries' members, runtimes' assets. */
function referencesOf(doc: Document.Parsed): Reference[] {
  const references: Reference[] = [];
  for (const { node } of sectionEntries(doc, 'technical_assets')) {
    for (const key of ['data_assets_processed', 'data_assets_stored']) for (const item of items(child(node, key))) references.push({ ...item, kind: 'data asset' });
    const communication = child(node, 'communication_links');
    if (!isMap(communication)) continue;
    for (const pair of communication.items) {
      if (!isMap(pair.value)) continue;
      const target = child(pair.value, 'target');
      if (isScalar(target) && typeof target.value === 'string') references.push({ value: target.value, node: target, kind: 'technical asset' });
      for (const key of ['data_assets_sent', 'data_assets_received']) for (const item of items(child(pair.value, key))) references.push({ ...item, kind: 'data asset' });
    }
  }
  for (const { node } of sectionEntries(doc, 'trust_boundaries')) {
    for (const item of items(child(node, 'technical_assets_inside'))) references.push({ ...item, kind: 'technical asset' });
    for (const item of items(child(node, 'trust_boundaries_nested'))) references.push({ ...item, kind: 'trust boundary' });
  }
  for (const { node } of sectionEntries(doc, 'shared_runtimes')) for (const item of items(child(node, 'technical_assets_running'))) references.push({ ...item, kind: 'technical asset' });
  return references;
}

/** What a reference that names nothing says, by kind: with a close id, and without. */
const UNKNOWN: Record<Reference['kind'], (id: string, near?: string) => string> = {
  'technical asset': (id, near) => (near ? t('No technical asset has the id "{0}". Did you mean "{1}"?', id, near) : t('No technical asset has the id "{0}".', id)),
  'data asset': (id, near) => (near ? t('No data asset has the id "{0}". Did you mean "{1}"?', id, near) : t('No data asset has the id "{0}".', id)),
  'trust boundary': (id, near) => (near ? t('No trust boundary has the id "{0}". Did you mean "{1}"?', id, near) : t('No trust boundary has the id "{0}".', id)),
};
const spanOf = (node: Node): [number, number] => [node.range![0], node.range![1]];

function referenceFindings(doc: Document.Parsed): Finding[] {
  const ids = idsOf(doc);
  const known = { 'technical asset': ids.assets, 'data asset': ids.data, 'trust boundary': ids.boundaries } as const;
  const findings: Finding[] = [];
  for (const reference of referencesOf(doc)) {
    const candidates = known[reference.kind];
    if (candidates.includes(reference.value) || !reference.node.range) continue;
    const [start, end] = spanOf(reference.node);
    const near = closestName(reference.value, candidates, false);
    findings.push({
      start, end, code: threagileFileRules.reference.id,
      message: UNKNOWN[reference.kind](reference.value, near),
      ...(near ? { data: { replacement: near } } : {}),
    });
  }
  // risk_tracking: a key of one of the rules here names ids in its `@` parts (`*` for any).
  const tracking = doc.get('risk_tracking', true);
  const categories = new Set(allCategories.map((c) => c.id));
  // A set: a search of every id for each key's part was quadratic in a large model.
  const allIds = new Set(ids.all);
  if (isMap(tracking)) {
    for (const pair of tracking.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) continue;
      const key = pair.key.value;
      const [category, ...named] = key.split('@');
      if (!categories.has(category)) continue;
      // A link part may be `<link>-><forwarding link>` (dos-risky-access-across-trust-boundary; the second may be empty).
      const parts = named.flatMap((part) => part.split('->'));
      const unknown = parts.find((part) => part !== '' && !part.includes('*') && !allIds.has(part));
      if (unknown === undefined) continue;
      const near = closestName(unknown, ids.all, false);
      const [start, end] = spanOf(pair.key);
      const fixed = near ? [category, ...named.map((p) => p.split('->').map((q) => (q === unknown ? near : q)).join('->'))].join('@') : undefined;
      findings.push({
        start, end, code: threagileFileRules.trackingReference.id,
        message: near ? t('The risk tracked as "{0}" names "{1}", which is no id of the model. Did you mean "{2}"?', key, unknown, fixed!) : t('The risk tracked as "{0}" names "{1}", which is no id of the model.', key, unknown),
        ...(fixed ? { data: { replacement: fixed } } : {}),
      });
    }
  }
  return findings;
}

function riskFindings(file: IndexedFile, data: ThreagileData, value: unknown): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  let risks: ReturnType<typeof handWrittenRisks>;
  try {
    risks = handWrittenRisks(file.uri, file.text, data.attributes, value);
  } catch {
    // A model the reader cannot take (too many aliases): the schema's findings say what is wrong.
    return [];
  }
  for (const risk of risks) {
    if (!raised(risk.tracking)) continue;
    const message = `${risk.title} — ${t('STRIDE {0}; likelihood {1} × impact {2}: {3}.', risk.stride, risk.likelihood, risk.impact, risk.severity)} ${t('Risk tracking key: {0}.', risk.syntheticId)}`;
    for (const source of risk.sources) {
      const start = file.lines.offsetAt(source.range.start);
      const end = Math.max(start, file.lines.offsetAt(source.range.end));
      out.push({ offset: 0, finding: { start, end, code: risk.rule, message, ...(risk.severity === 'low' ? { severity: 'information' as const } : {}), data: { syntheticId: risk.syntheticId } } });
    }
  }
  return out;
}

/** The ids a reference position takes (the key ending the cursor's path). */
function idsAt(pathTo: readonly (string | number)[], ids: Ids): string[] | undefined {
  const last = [...pathTo].reverse().find((s): s is string => typeof s === 'string');
  if (last === 'target' || last === 'technical_assets_inside' || last === 'technical_assets_running') return ids.assets;
  if (last === 'data_assets_processed' || last === 'data_assets_stored' || last === 'data_assets_sent' || last === 'data_assets_received') return ids.data;
  if (last === 'trust_boundaries_nested') return ids.boundaries;
  return undefined;
}

/** An item of a block sequence being typed (`- cu|`): the key of its sequence and the token; cursorContext reads keys and values only. */
function sequenceItem(file: IndexedFile, offset: number): { key: string; token: { start: number; end: number } } | undefined {
  const position = file.lines.positionAt(offset);
  const lineText = file.lines.lineText(position.line);
  const item = /^(\s*)-\s+([^\s#,[\]{}]*)$/.exec(lineText.slice(0, position.character));
  if (!item) return undefined;
  const indent = item[1].length;
  const suffix = /^[^\s#,[\]{}]*/.exec(lineText.slice(position.character))![0];
  for (let line = position.line - 1; line >= 0; line--) {
    const text = file.lines.lineText(line);
    if (/^\s*(#.*)?$/.test(text)) continue;
    const lead = text.length - text.trimStart().length;
    if (lead > indent || (lead === indent && text.trimStart().startsWith('-'))) continue;
    const key = /^\s*(?:-\s+)?([^\s:#]+)\s*:\s*(#.*)?$/.exec(text)?.[1];
    return key ? { key, token: { start: offset - item[2].length, end: offset + suffix.length } } : undefined;
  }
  return undefined;
}

function completion(file: IndexedFile, offset: number, data: ThreagileData): CompletionItem[] {
  const yaml = file.yaml;
  if (!yaml) return [];
  const { doc } = read(file);
  const item = sequenceItem(file, offset);
  if (item) {
    const ids = idsAt([item.key], idsOf(doc));
    const range = file.lines.range(item.token.start, item.token.end);
    return [...new Set(ids ?? [])].map((id) => ({ label: id, kind: CompletionItemKind.Reference, textEdit: { range, newText: id } }));
  }
  const context = cursorContext(yaml, offset);
  if (context?.kind === 'key' && context.path.length === 1 && context.path[0] === 'risk_tracking') return trackingKeys(file, context.token, data);
  if (!context || context.kind !== 'value') return [];
  const range = file.lines.range(context.token.start, context.token.end);
  const ids = idsAt(context.path, idsOf(doc));
  if (ids) return [...new Set(ids)].map((id) => ({ label: id, kind: CompletionItemKind.Reference, textEdit: { range, newText: id } }));
  const schema = data.engine.schemaAtPath('threagile', context.path.map(String));
  const values = (schema?.enum ?? (schema?.items && !Array.isArray(schema.items) ? data.engine.resolve(schema.items)?.enum : undefined)) ?? [];
  return values.filter((v): v is string => typeof v === 'string').map((v, i) => ({ label: v, kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(3, '0'), textEdit: { range, newText: v } }));
}

/**
 * A `risk_tracking` key being typed: the synthetic ids of the risks the rules find on the model and
 * that no key tracks yet (read from the file's last version free of YAML errors while the key is half typed).
 */
function trackingKeys(file: IndexedFile, token: { start: number; end: number }, data: ThreagileData): CompletionItem[] {
  const source = file.stable ?? file;
  const { value } = read(source);
  if (value === undefined) return [];
  let risks: ReturnType<typeof handWrittenRisks>;
  try {
    risks = handWrittenRisks(source.uri, source.text, data.attributes, value);
  } catch {
    return [];
  }
  // The key typed on this line only (a plain key half typed runs on into the next line's key).
  const line = file.lines.positionAt(token.start).line;
  const range = file.lines.range(token.start, Math.min(token.end, file.lines.offsetAt({ line, character: file.lines.lineText(line).length })));
  const seen = new Set<string>();
  return risks.flatMap((risk) => {
    if (risk.tracking || seen.has(risk.syntheticId)) return [];
    seen.add(risk.syntheticId);
    return [{ label: risk.syntheticId, kind: CompletionItemKind.Value, detail: `${risk.severity} — ${risk.title}`, textEdit: { range, newText: risk.syntheticId } }];
  });
}

const fixable: ReadonlySet<string> = new Set([threagileFileRules.reference.id, threagileFileRules.trackingReference.id, threagileFileRules.field.id]);

/** What an id is, as the hover says it. */
const KIND_LABEL: Record<IdKind, () => string> = {
  'technical asset': () => t('technical asset'),
  'data asset': () => t('data asset'),
  'trust boundary': () => t('trust boundary'),
  'shared runtime': () => t('shared runtime'),
};

function hover(file: IndexedFile, offset: number): Hover | undefined {
  const at = idAt(read(file).doc, file.text, offset);
  if (!at) return undefined;
  const value = at.definitions.length === 0
    ? t('No entry has the id "{0}".', at.id)
    : at.definitions.map((d) => `**${KIND_LABEL[d.kind]()}** \`${d.id}\`: ${d.title}${d.description ? `\n\n${d.description}` : ''}`).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: file.lines.range(at.start, at.end) };
}

/**
 * A key the schema does not know for its object (Threagile's schema leaves every object open, so a
 * misspelt `confidentialty` is silently ignored there): a warning, with the close known key. Maps of
 * titled entries (`technical_assets`, `communication_links`) take any key; merge keys are YAML's.
 */
function fieldFindings(doc: Document.Parsed, engine: SchemaEngine): Finding[] {
  const findings: Finding[] = [];
  const stack: { node: unknown; path: string[]; depth: number }[] = [{ node: doc.contents, path: [], depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (depth > 50) continue;
    if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, String(i)], depth: depth + 1 }));
      continue;
    }
    if (!isMap(node)) continue;
    const schema = path.length === 0 ? engine.resolve(engine.schemaFor('threagile')) : engine.schemaAtPath('threagile', path);
    const known = schema?.properties ? Object.keys(schema.properties) : undefined;
    const open = schema === undefined || typeof schema.additionalProperties === 'object' || schema.patternProperties !== undefined;
    for (const pair of node.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
      const key = pair.key.value;
      if (known && !open && key !== '<<' && !known.includes(key) && pair.key.range) {
        const near = closestName(key, known, false);
        findings.push({
          start: pair.key.range[0], end: pair.key.range[1], code: threagileFileRules.field.id,
          message: near ? t('Threagile does not know the field "{0}" here: it is ignored. Did you mean "{1}"?', key, near) : t('Threagile does not know the field "{0}" here: it is ignored.', key),
          ...(near ? { data: { replacement: near } } : {}),
        });
        continue;
      }
      stack.push({ node: pair.value, path: [...path, key], depth: depth + 1 });
    }
  }
  return findings;
}

/** `load`: called on the first threagile.yaml met (a workspace with none never reads the schema). */
export function threagileFeature(load: () => ThreagileData): Feature {
  let data: ThreagileData | undefined;
  const loaded = () => (data ??= load());
  return {
    id: 'threagile',
    takes: (file) => !file.skipped && file.isYaml && isThreagileFile(file.uri, file.text),
    findings(file) {
      const model = parsed(file);
      if (!model) return [];
      const { engine } = loaded();
      const out: PlacedFinding[] = [];
      for (const finding of schemaFindings(engine.validate('threagile', model.value) ?? [], sourceTreeOfDoc(model.doc), model.value, engine, 'threagile', threagileFileRules.schema.id)) out.push({ offset: 0, finding });
      for (const finding of referenceFindings(model.doc)) out.push({ offset: 0, finding });
      for (const finding of fieldFindings(model.doc, engine)) out.push({ offset: 0, finding });
      out.push(...riskFindings(file, loaded(), model.value));
      return out;
    },
    completion: (file, offset) => completion(file, offset, loaded()),
    codeActions: (file, _range, diagnostics) => replacementFixes(file.uri, diagnostics, fixable),
    hover: (file, offset) => hover(file, offset),
    definition(file, offset) {
      const at = idAt(read(file).doc, file.text, offset);
      return (at?.definitions ?? []).map((d) => ({ uri: file.uri, range: file.lines.range(d.start, d.end) }));
    },
    references(file, offset) {
      const at = idAt(read(file).doc, file.text, offset);
      if (!at) return [];
      const places: Location[] = [...at.definitions, ...at.uses].map((p) => ({ uri: file.uri, range: file.lines.range(p.start, p.end) }));
      return places;
    },
    prepareRename(file, offset) {
      const at = idAt(read(file).doc, file.text, offset);
      return at && at.definitions.length > 0 ? { range: file.lines.range(at.start, at.end), placeholder: at.id } : undefined;
    },
    rename(file, offset, newName) {
      const at = idAt(read(file).doc, file.text, offset);
      if (!at || at.definitions.length === 0) return undefined;
      // A quoted id keeps its quotes: the name goes inside them.
      const edits = [...at.definitions, ...at.uses].map((p) => {
        const raw = file.text.slice(p.start, p.end);
        const quoted = /^["']/.test(raw) && raw.endsWith(raw[0]) && raw.length >= 2;
        return { range: file.lines.range(quoted ? p.start + 1 : p.start, quoted ? p.end - 1 : p.end), newText: newName };
      });
      const edit: WorkspaceEdit = { changes: { [file.uri]: edits } };
      return edit;
    },
  };
}
