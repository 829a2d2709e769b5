import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import type { JsonSchema, SchemaEngine } from '../schema/engine';
import { topLevelString, type YamlFile } from '../yaml/model';
import { lineShape, parentPath, presentKeys } from '../yaml/cursor';
import { nodeAtPath } from '../yaml/path';
import { kindKey, manifestIdentity } from './manifest';

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
export function kubernetesCompletion(file: YamlFile, offset: number, engine: SchemaEngine): CompletionItem[] {
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
    const schema = engine.schemaAtPath(kindKey(identity.apiVersion, identity.kind), path);
    if (!schema) return [];
    const values = (schema.enum ?? ([schema.type].flat().includes('boolean') ? [true, false] : [])).filter((v) => v !== null);
    return values.map((v) => ({ label: String(v), kind: CompletionItemKind.EnumMember, documentation: documentation(schema) }));
  }

  if (!identity) {
    return base.length === 0 ? ['apiVersion', 'kind'].map((label) => ({ label, kind: CompletionItemKind.Property, insertText: `${label}: ` })) : [];
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
      detail: `${typeLabel(property)}${required.has(name) ? ' (required)' : ''}`,
      documentation: documentation(raw.description ? raw : property),
      insertText,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `${required.has(name) ? '0' : '1'}${name}`,
    });
  }
  return items;
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

