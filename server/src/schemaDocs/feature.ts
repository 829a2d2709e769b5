/**
 * The schema-backed document family scaffold (issue #36): a YAML or JSON family whose first version
 * is a vendored JSON Schema (draft-07, `definitions`), a file selector and a rule id gets, from this
 * shared code (the schema engine and error placement the Kubernetes and archipel.yaml features use):
 *
 * - diagnostics for every schema error, on the exact key or value (unknown key, missing key, type,
 *   enum, format), a misspelt key with "did you mean" and its quick fix;
 * - completion of the keys the schema allows where the cursor is (with their descriptions), and of
 *   the values of an enum;
 * - hover with the description of the key under the cursor;
 * - document symbols: one per key, nested.
 *
 * The family adds its semantic rules as features of its own beside this one.
 */
import { CompletionItemKind, SymbolKind, type CompletionItem, type DocumentSymbol, type Hover } from 'vscode-languageserver-types';
import type { Document } from 'yaml';
import { isMap, isPair, isSeq, type Node } from 'yaml';
import { replacementFixes } from '../common/fixes';
import type { Feature, PlacedFinding } from '../features/feature';
import type { RuleInfo } from '../rules/registry';
import { SchemaEngine, type JsonSchema, type SchemaBundle } from '../schema/engine';
import { schemaFindings } from '../schema/errors';
import type { IndexedFile } from '../workspace/index';
import { parseYamlFile, type YamlFile } from '../yaml/model';
import { cursorContext } from '../yaml/cursor';
import { pathAtOffset } from '../yaml/path';
import { keyText } from '../yaml/tree';

/** The kind key of a document schema in its engine. */
const DOCUMENT = 'document';

/**
 * A vendored JSON Schema (draft-07: `#/definitions/…` references) as a schema engine validating
 * whole documents: its root is the `document` kind.
 */
export function documentSchemaEngine(schema: JsonSchema & { $id?: string; definitions?: Record<string, JsonSchema> }, id: string): SchemaEngine {
  const { definitions = {}, ...root } = schema;
  // The root is a definition named after the family: messages say `Unknown field "x" in compose`.
  const bundle: SchemaBundle = { $id: schema.$id ?? `archipel:${id}`, definitions: { ...definitions, [id]: root }, 'x-archipel-kinds': { [DOCUMENT]: id } };
  return new SchemaEngine([bundle]);
}

export interface SchemaDocumentOptions {
  /** The feature's id (`compose-schema`). */
  id: string;
  /** The rule its schema errors carry (`defineRule({ id: 'compose-schema', … })`). */
  rule: RuleInfo;
  /** The schema's engine, loaded on first use (documentSchemaEngine of the vendored schema). */
  schema: () => SchemaEngine;
  /** Whether a file is the family's (its selector already took it; a sniff or a name may refine). */
  applies(file: IndexedFile): boolean;
}

/** JSON files are parsed as YAML (JSON is YAML), once per version of the file. */
const jsonParses = new WeakMap<IndexedFile, YamlFile>();

function documentsOf(file: IndexedFile): YamlFile | undefined {
  if (file.skipped) return undefined;
  const yaml = file.yaml;
  if (yaml) return yaml;
  let parsed = jsonParses.get(file);
  if (!parsed) jsonParses.set(file, (parsed = parseYamlFile(file.text)));
  return parsed;
}

/** The schema of the value at `path`, or of its parent's entries when the path ends in an unknown key. */
function describe(engine: SchemaEngine, path: readonly (string | number)[]): JsonSchema | undefined {
  return engine.schemaAtPath(DOCUMENT, path.map(String));
}

/** The properties a mapping at `path` may have (merging anyOf/oneOf/allOf branches, resolving references). */
function propertiesAt(engine: SchemaEngine, path: readonly (string | number)[]): Record<string, JsonSchema> {
  const properties: Record<string, JsonSchema> = {};
  const visit = (schema: JsonSchema | undefined, depth: number) => {
    const resolved = engine.resolve(schema);
    if (!resolved || depth > 8) return;
    for (const [name, value] of Object.entries(resolved.properties ?? {})) properties[name] ??= value;
    for (const branch of [...(resolved.allOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])]) visit(branch, depth + 1);
  };
  visit(describe(engine, path), 0);
  return properties;
}

/** The mapping node at `path` of a document, if it is one. */
function mappingAt(doc: Document.Parsed, path: readonly (string | number)[]): Node | undefined {
  let node = doc.contents as Node | null;
  for (const segment of path) {
    if (isMap(node)) node = (node.items.find((pair) => isPair(pair) && keyText(pair) === String(segment))?.value as Node | null) ?? null;
    else if (isSeq(node) && typeof segment === 'number') node = (node.items[segment] as Node | null) ?? null;
    else return undefined;
  }
  return node && isMap(node) ? node : undefined;
}

function symbolsOf(node: Node | null, lines: IndexedFile['lines'], offset: number, depth: number): DocumentSymbol[] {
  if (!node || depth > 6) return [];
  if (isSeq(node)) return node.items.flatMap((item, index) => {
    const child = item as Node | null;
    const range = child?.range;
    if (!range) return [];
    const whole = { start: lines.positionAt(offset + range[0]), end: lines.positionAt(offset + range[1]) };
    return [{ name: `[${index}]`, kind: SymbolKind.Object, range: whole, selectionRange: whole, children: symbolsOf(child, lines, offset, depth + 1) }];
  });
  if (!isMap(node)) return [];
  const symbols: DocumentSymbol[] = [];
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    const name = keyText(pair);
    if (name === undefined || !key?.range) continue;
    const end = value?.range?.[1] ?? key.range[1];
    const range = { start: lines.positionAt(offset + key.range[0]), end: lines.positionAt(offset + end) };
    const selectionRange = { start: lines.positionAt(offset + key.range[0]), end: lines.positionAt(offset + key.range[1]) };
    const kind = isMap(value) ? SymbolKind.Object : isSeq(value) ? SymbolKind.Array : SymbolKind.Property;
    symbols.push({ name, kind, range, selectionRange, children: symbolsOf(value, lines, offset, depth + 1) });
  }
  return symbols;
}

/** The feature of a schema-backed document family: schema diagnostics, completion, hover, symbols, quick fixes. */
export function schemaDocumentFeature(options: SchemaDocumentOptions): Feature {
  const codes = new Set([options.rule.id]);
  return {
    id: options.id,
    findings(file) {
      if (!options.applies(file)) return [];
      const documents = documentsOf(file);
      if (!documents) return [];
      const engine = options.schema();
      const placed: PlacedFinding[] = [];
      for (const { offset, chunk } of documents.chunks) {
        // Syntax errors are the YAML feature's (yaml-syntax): a document that does not parse is not validated.
        if (chunk.doc?.errors.length) continue;
        const value = chunk.value;
        if (value === undefined || value === null) continue;
        const errors = engine.validate(DOCUMENT, value) ?? [];
        for (const finding of schemaFindings(errors, chunk.tree, value, engine, DOCUMENT, options.rule.id)) placed.push({ offset, finding });
      }
      return placed;
    },
    codeActions(file, _range, diagnostics) {
      return options.applies(file) ? replacementFixes(file.uri, diagnostics, codes) : [];
    },
    completion(file, offset): CompletionItem[] {
      if (!options.applies(file)) return [];
      const documents = documentsOf(file);
      const at = documents && cursorContext(documents, offset);
      if (!at) return [];
      const engine = options.schema();
      // A key being typed: the keys the schema allows in that mapping, but those already there; a value: its enum.
      if (at.kind === 'value') {
        return (engine.resolve(describe(engine, at.path))?.enum ?? []).flatMap((value) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? [{ label: String(value), kind: CompletionItemKind.EnumMember }] : []));
      }
      const mapping = mappingAt(at.ref.doc, at.path);
      const present = new Set(mapping && isMap(mapping) ? mapping.items.map((pair) => keyText(pair)) : []);
      return Object.entries(propertiesAt(engine, at.path)).flatMap(([name, schema]) => {
        if (present.has(name) && name !== at.prefix) return [];
        const description = engine.resolve(schema)?.description ?? schema.description;
        return [{ label: name, kind: CompletionItemKind.Property, ...(description ? { documentation: { kind: 'markdown' as const, value: description } } : {}) }];
      });
    },
    hover(file, offset): Hover | undefined {
      if (!options.applies(file)) return undefined;
      const ref = documentsOf(file)?.documentAt(offset);
      if (!ref) return undefined;
      const engine = options.schema();
      const path = pathAtOffset(ref.doc, offset - ref.offset);
      if (path.length === 0) return undefined;
      const schema = describe(engine, path);
      const resolved = engine.resolve(schema);
      const description = resolved?.description ?? schema?.description;
      if (!description) return undefined;
      const type = typeof resolved?.type === 'string' ? ` (${resolved.type})` : '';
      return { contents: { kind: 'markdown', value: `**${String(path.at(-1))}**${type}\n\n${description}` } };
    },
    documentSymbols(file): DocumentSymbol[] {
      if (!options.applies(file)) return [];
      const documents = documentsOf(file);
      if (!documents) return [];
      return documents.chunks.flatMap(({ offset, chunk }) => {
        const doc = chunk.doc;
        return doc && isMap(doc.contents) ? symbolsOf(doc.contents, file.lines, offset, 0) : [];
      });
    },
  };
}

