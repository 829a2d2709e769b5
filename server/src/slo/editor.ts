/**
 * Completion and hover in SLO files, from their schemas (schemas/slo/: Sloth's prometheus/v1 and PrometheusServiceLevel,
 * OpenSLO v1's kinds): the fields a mapping may still take and the values an enum allows, each with its description;
 * a field's description on hover. Which schema a document reads is the checks' decision (sloSpecKind, isOpenSlo).
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver-types';
import type { JsonSchema, SchemaBundle } from '../schema/engine';
import type { IndexedFile } from '../workspace/index';
import { cursorContext } from '../yaml/cursor';
import type { PathSegment } from '../yaml/path';
import { pathAtOffset, valueAt } from '../yaml/path';
import { deepestInTree } from '../yaml/tree';
import type { SloSchemas } from './check';
import { isPyrraSlo, PYRRA_API } from './pyrra';
import { isOpenSlo, OPENSLO_V1 } from './openslo';
import { sloSpecKind } from './spec';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `#/definitions/<name>` reference followed (a few hops at most). */
function resolved(bundle: SchemaBundle, schema: JsonSchema | undefined): JsonSchema | undefined {
  let current = schema;
  for (let hops = 0; current?.$ref?.startsWith('#/definitions/') && hops < 8; hops++) current = bundle.definitions[current.$ref.slice('#/definitions/'.length)];
  return current;
}

/** The bundle and root schema of a document's value: its Sloth spec kind, its OpenSLO kind, or Pyrra's ServiceLevelObjective. */
function rootOf(schemas: SloSchemas, value: unknown): { bundle: SchemaBundle; root: JsonSchema | undefined; openSlo: boolean } | undefined {
  const kind = sloSpecKind(value);
  if (kind) {
    const name = schemas.sloth['x-archipel-kinds']?.[kind === 'prometheus/v1' ? 'prometheus/v1' : 'sloth.slok.dev/v1/PrometheusServiceLevel'];
    return { bundle: schemas.sloth, root: name ? schemas.sloth.definitions[name] : undefined, openSlo: false };
  }
  if (isOpenSlo(value)) {
    const name = schemas.openSlo['x-archipel-kinds']?.[`${OPENSLO_V1}/${typeof value.kind === 'string' ? value.kind : ''}`];
    return { bundle: schemas.openSlo, root: name ? schemas.openSlo.definitions[name] : undefined, openSlo: true };
  }
  if (isPyrraSlo(value)) {
    const name = schemas.pyrra['x-archipel-kinds']?.[`${PYRRA_API}/ServiceLevelObjective`];
    return { bundle: schemas.pyrra, root: name ? schemas.pyrra.definitions[name] : undefined, openSlo: false };
  }
  return undefined;
}

/** The schema at a path of keys and indexes (bounded by the path's length: no recursion). */
function schemaAt(bundle: SchemaBundle, root: JsonSchema | undefined, path: readonly PathSegment[]): JsonSchema | undefined {
  let current = resolved(bundle, root);
  for (const segment of path) {
    if (!current) return undefined;
    if (typeof segment === 'number') current = resolved(bundle, Array.isArray(current.items) ? undefined : current.items);
    else current = resolved(bundle, current.properties?.[segment]);
  }
  return current;
}

const describe = (schema: JsonSchema | undefined) => (typeof schema?.description === 'string' ? schema.description : undefined);

/** The values a field's schema allows: its enum, its const, true/false for a boolean. */
function valuesOf(schema: JsonSchema): unknown[] {
  if (Array.isArray(schema.enum)) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  if (schema.type === 'boolean') return [true, false];
  return [];
}

/** Completion in a Sloth spec or an OpenSLO object: the fields its mapping may still take, the values a field allows. */
export function sloCompletion(schemas: SloSchemas, file: IndexedFile, offset: number): CompletionItem[] {
  if (!file.yaml) return [];
  const context = cursorContext(file.yaml, offset);
  if (!context) return [];
  const value = context.ref.chunk.value;
  const root = rootOf(schemas, value);
  if (!root) return [];
  const range = file.lines.range(context.token.start, context.token.end);
  if (context.kind === 'key') {
    const schema = schemaAt(root.bundle, root.root, context.path);
    const taken = valueAt(value, context.path);
    const present = new Set(isRecord(taken) ? Object.keys(taken) : []);
    return Object.entries(schema?.properties ?? {})
      .filter(([name]) => !present.has(name) || name === context.prefix)
      .map(([name, property]) => {
        const description = describe(resolved(root.bundle, property)) ?? describe(property);
        return { label: name, kind: CompletionItemKind.Property, ...(description ? { documentation: description } : {}), textEdit: { range, newText: `${name}: ` } };
      });
  }
  // An OpenSLO object's kind: the kinds of the specification.
  if (root.openSlo && context.path.length === 1 && context.path[0] === 'kind') {
    return Object.keys(root.bundle['x-archipel-kinds'] ?? {}).map((key) => {
      const kind = key.slice(OPENSLO_V1.length + 1);
      return { label: kind, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: kind } };
    });
  }
  const schema = schemaAt(root.bundle, root.root, context.path);
  return schema ? valuesOf(schema).map((allowed, i) => ({ label: String(allowed), kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(3, '0'), textEdit: { range, newText: String(allowed) } })) : [];
}

/** The description of the field whose key is under the cursor. */
export function sloHover(schemas: SloSchemas, file: IndexedFile, offset: number): Hover | undefined {
  const ref = file.yaml?.documentAt(offset);
  if (!ref) return undefined;
  const root = rootOf(schemas, ref.chunk.value);
  if (!root) return undefined;
  const path = pathAtOffset(ref.doc, offset - ref.offset);
  // The key under the cursor: the last key of the path whose key node holds the offset.
  for (let length = path.length; length > 0; length--) {
    if (typeof path[length - 1] !== 'string') continue;
    const { key, depth } = deepestInTree(ref.chunk.tree, path.slice(0, length));
    if (depth !== length || !key || offset - ref.offset < key.start || offset - ref.offset > key.end) continue;
    const schema = schemaAt(root.bundle, root.root, path.slice(0, length));
    const parent = schemaAt(root.bundle, root.root, path.slice(0, length - 1));
    const description = describe(schema) ?? describe(parent?.properties?.[String(path[length - 1])]);
    if (!schema || !description) return undefined;
    const allowed = valuesOf(schema);
    const type = typeof schema.type === 'string' ? ` (${schema.type})` : '';
    const values = allowed.length > 0 && schema.type !== 'boolean' ? `\n\n${allowed.map((v) => `\`${String(v)}\``).join(', ')}` : '';
    return { contents: { kind: MarkupKind.Markdown, value: `**${String(path[length - 1])}**${type}: ${description}${values}` }, range: file.lines.range(ref.offset + key.start, ref.offset + key.end) };
  }
  return undefined;
}
