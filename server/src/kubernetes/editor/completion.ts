import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import { isMap, type Node } from 'yaml';
import type { JsonSchema, SchemaEngine } from '../../schema/engine';
import { topLevelString, type YamlFile } from '../../yaml/model';
import { nodeAtPath, pathAtOffset, type PathSegment } from '../../yaml/path';
import { kindKey, manifestIdentity } from '../model/manifest';
import type { KubernetesGraph } from '../model/objects';
import { labelEntries, workspaceValues } from './valueCompletion';
import type { Json } from '../model/workloads';
import { t } from '../../l10n/t';

interface LineShape {
  indent: number;
  /** The text typed so far for a key, or the key whose value is being typed. */
  key: string;
  /** Set when the cursor is after `key:` (value position). */
  value?: string;
}

const keyPosition = /^(\s*)(-\s+)?([\w./-]*)$/;
const valuePosition = /^(\s*)(-\s+)?([\w./-]+):\s+(\S*)$/;

function lineShape(before: string): LineShape | undefined {
  const value = valuePosition.exec(before);
  if (value) return { indent: value[1].length + (value[2]?.length ?? 0), key: value[3], value: value[4] };
  const key = keyPosition.exec(before);
  if (key) return { indent: key[1].length + (key[2]?.length ?? 0), key: key[3] };
  return undefined;
}

/**
 * The path of the mapping a line at `indent` belongs to, found from the nearest line above with a
 * smaller indentation: `spec:` gives [..., 'spec'], a `- name: x` item gives the item itself.
 */
function parentPath(file: YamlFile, line: number, indent: number, docOffset: number, doc: YamlFile['documents'][number]['doc']): PathSegment[] | undefined {
  for (let above = line - 1; above >= 0; above--) {
    const text = file.lines.lineText(above);
    if (/^\s*(#.*)?$/.test(text)) continue;
    if (/^(---|\.\.\.)/.test(text)) return [];
    const lead = text.length - text.trimStart().length;
    const item = /^(\s*)-\s+(\S)/.exec(text);
    const contentIndent = item ? item[0].length - 1 : lead;
    if (item && contentIndent === indent) {
      // A sibling key inside the same sequence item: the item's path.
      const path = pathAtOffset(doc, file.lines.lineStart(above) + contentIndent - docOffset);
      const node = nodeAtPath(doc, path)?.node;
      return isMap(node) || node === null ? path : path.slice(0, -1);
    }
    if (lead < indent) {
      const keyOffset = file.lines.lineStart(above) + contentIndent - docOffset;
      const path = pathAtOffset(doc, keyOffset);
      return path;
    }
    if (lead === indent && indent === 0) return [];
  }
  return indent === 0 ? [] : undefined;
}

function presentKeys(node: Node | null | undefined): Set<string> {
  const keys = new Set<string>();
  if (isMap(node)) for (const pair of node.items) keys.add(String((pair.key as { value?: unknown } | null)?.value ?? ''));
  return keys;
}

function typeLabel(schema: JsonSchema): string {
  if (schema.type) return [schema.type].flat().join(' | ');
  if (schema.anyOf) return schema.anyOf.map((s) => [s.type ?? 'object'].flat().join(' | ')).join(' | ');
  if (schema.properties) return 'object';
  return 'any';
}

function documentation(schema: JsonSchema | undefined): CompletionItem['documentation'] {
  return schema?.description ? { kind: MarkupKind.Markdown, value: schema.description } : undefined;
}

/** Schema-driven completion at an offset of a Kubernetes manifest: keys, enum and boolean values, kinds. */
export function kubernetesCompletion(file: YamlFile, offset: number, engine: SchemaEngine, graph?: KubernetesGraph): CompletionItem[] {
  const ref = file.documentAt(offset);
  if (!ref) return [];
  const position = file.lines.positionAt(offset);
  const before = file.lines.lineText(position.line).slice(0, position.character);
  const shape = lineShape(before);
  if (!shape) return [];
  const base = parentPath(file, position.line, shape.indent, ref.offset, ref.doc);
  if (!base) return [];
  const identity = manifestIdentity(ref.doc);

  if (shape.value !== undefined) {
    const path = [...base, shape.key];
    if (path.length === 1 && path[0] === 'kind') return kindItems(engine, topLevelString(ref.doc, 'apiVersion'));
    if (path.length === 1 && path[0] === 'apiVersion') return apiVersionItems(engine);
    if (!identity) return [];
    const fromWorkspace = graph ? workspaceValues(path, ref.chunk.value as Json, identity.namespace, graph) : [];
    const schema = engine.schemaAtPath(kindKey(identity.apiVersion, identity.kind), path);
    if (!schema) return fromWorkspace;
    const values = (schema.enum ?? ([schema.type].flat().includes('boolean') ? [true, false] : [])).filter((v) => v !== null);
    return [...fromWorkspace, ...values.map((v) => ({ label: String(v), kind: CompletionItemKind.EnumMember, documentation: documentation(schema) }))];
  }

  if (!identity) {
    return base.length === 0 ? ['apiVersion', 'kind'].map((label) => ({ label, kind: CompletionItemKind.Property, insertText: `${label}: ` })) : [];
  }
  if (graph && isSelectorMap(identity.kind, base)) {
    return labelEntries(identity.namespace, graph, presentKeys(nodeAtPath(ref.doc, base)?.node));
  }
  const schema = engine.schemaAtPath(kindKey(identity.apiVersion, identity.kind), base);
  const objectSchema = schema && !schema.properties && schema.items ? engine.resolve(Array.isArray(schema.items) ? schema.items[0] : schema.items) : schema;
  if (!objectSchema?.properties) return [];
  const existing = presentKeys(nodeAtPath(ref.doc, base)?.node);
  const required = new Set(objectSchema.required ?? []);
  const items: CompletionItem[] = [];
  for (const [name, raw] of Object.entries(objectSchema.properties)) {
    if (existing.has(name)) continue;
    const property = engine.resolve(raw) ?? raw;
    const isObject = !!property.properties || (typeof property.additionalProperties === 'object');
    const isArray = typeLabel(property) === 'array';
    const insertText = isObject ? `${name}:\n${' '.repeat(shape.indent + 2)}$0` : isArray ? `${name}:\n${' '.repeat(shape.indent)}- $0` : `${name}: $0`;
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: required.has(name) ? t('{0} (required)', typeLabel(property)) : typeLabel(property),
      documentation: documentation(raw.description ? raw : property),
      insertText,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `${required.has(name) ? '0' : '1'}${name}`,
    });
  }
  return items;
}

/** Label maps that select pods: a Service's selector, any matchLabels. */
function isSelectorMap(kind: string, path: PathSegment[]): boolean {
  const last = path[path.length - 1];
  return (kind === 'Service' && path.length === 2 && path[0] === 'spec' && last === 'selector') || (last === 'matchLabels' && kind !== 'Deployment' && kind !== 'StatefulSet' && kind !== 'DaemonSet' && kind !== 'ReplicaSet' && kind !== 'Job');
}

function kindItems(engine: SchemaEngine, apiVersion: string | undefined): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const key of engine.keys()) {
    const slash = key.lastIndexOf('/');
    const version = key.slice(0, slash);
    if (apiVersion && version !== apiVersion) continue;
    items.push({ label: key.slice(slash + 1), kind: CompletionItemKind.Class, detail: version });
  }
  return items;
}

function apiVersionItems(engine: SchemaEngine): CompletionItem[] {
  const versions = new Set<string>();
  for (const key of engine.keys()) versions.add(key.slice(0, key.lastIndexOf('/')));
  return [...versions].sort().map((label) => ({ label, kind: CompletionItemKind.Module }));
}

