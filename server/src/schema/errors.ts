import type { ErrorObject } from 'ajv';
import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { pointerSegments, valueAt } from '../yaml/path';
import { deepestInTree, pairOf, spanOf as span, type PathSegment, type SourceNode } from '../yaml/tree';
import type { JsonSchema, SchemaEngine } from './engine';
import { t } from '../l10n/t';

/**
 * Turns ajv errors into findings on the exact YAML node: the key for unknown or missing
 * properties, the value for type, enum and format errors; one message per problem, saying what
 * was expected.
 */
export function schemaFindings(
  errors: readonly ErrorObject[],
  tree: SourceNode | null,
  value: unknown,
  engine: SchemaEngine,
  key: string,
  code: string,
): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const target: Target = { tree, value, engine, key, code };
  for (const error of collapseAlternatives(errors)) {
    const finding = toFinding(error, target);
    if (!finding) continue;
    const id = `${finding.start}:${finding.end}:${finding.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    findings.push(finding);
  }
  return findings;
}

interface Collapsed {
  error: ErrorObject;
  /** For anyOf/oneOf where no branch takes the value's type: the value types the branches accept. */
  types?: string[];
}

/** Whether a JSON pointer is `base` or under it. */
function within(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + '/');
}

/**
 * ajv reports every failed branch of anyOf/oneOf, just before the alternative's own error (a branch
 * that passes leaves none). Each alternative is folded, innermost first, into what the value was
 * meant for: the errors of the one branch that takes the value's type (an object → the long
 * syntax's unknown key), as compose-go and docker compose say it; else one error naming the types
 * the branches accept.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): Collapsed[] {
  const out: Collapsed[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      out.push({ error });
      continue;
    }
    let start = out.length;
    while (start > 0 && within(out[start - 1].error.instancePath, error.instancePath)) start--;
    out.push(...foldAlternative(error, out.splice(start)));
  }
  return out;
}

function foldAlternative(error: ErrorObject, branches: Collapsed[]): Collapsed[] {
  // A value that passes several branches of a oneOf is a different problem: said as it is.
  if (error.keyword === 'oneOf' && error.params.passingSchemas) return [{ error }];
  // A branch whose type is not the value's fails with a type error on the value itself.
  const mismatch = (b: Collapsed) => b.error.instancePath === error.instancePath && (b.error.keyword === 'type' || b.types !== undefined);
  const mismatched = branches.filter(mismatch);
  const meant = branches.filter((b) => !mismatch(b));
  // Which branch each remaining error is of, where its schema path says (a $ref'd branch's does not).
  const prefix = error.schemaPath + '/';
  const indexes = new Set(meant.filter((b) => b.error.schemaPath.startsWith(prefix)).map((b) => b.error.schemaPath.slice(prefix.length).split('/')[0]));
  if (meant.length > 0 && indexes.size <= 1 && (mismatched.length > 0 || indexes.size === 1)) return meant;
  const types = meant.length === 0 ? mismatched.flatMap((b) => b.types ?? [b.error.params.type as string | string[]].flat()) : undefined;
  return [{ error, types }];
}

/** A schema's mapping shape: itself, or its one alternative that has fields (a long syntax beside a short one). */
function objectBranch(engine: SchemaEngine, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema || schema.properties) return schema;
  const shapes = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].map((branch) => engine.resolve(branch)).filter((branch) => branch?.properties);
  return shapes.length === 1 ? shapes[0] : schema;
}

/** The deepest node on the path that exists, with the key holding it. */
function locate(tree: SourceNode | null, path: PathSegment[]): { node: SourceNode | null; key: SourceNode | null; exact: boolean } {
  const { node, key, depth } = deepestInTree(tree, path);
  return { node, key, exact: depth === path.length };
}

/** Where to point for a problem about an object as a whole: its key, else its first key, else itself. */
function objectAnchor(node: SourceNode | null, key: SourceNode | null): [number, number] | undefined {
  if (key) return span(key);
  if (node?.kind === 'map' && node.pairs?.length) return span(node.pairs[0].keyNode);
  return span(node);
}

function describePath(path: PathSegment[]): string {
  let text = '';
  for (const segment of path) text += /^\d+$/.test(String(segment)) ? `[${segment}]` : text ? `.${segment}` : String(segment);
  return text || t('(document)');
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return t('a sequence');
  if (typeof value === 'object') return t('a mapping');
  return String(value);
}

/** A YAML/JSON type's name in the user's language. */
function typeWord(type: string): string {
  switch (type) {
    case 'sequence':
      return t('sequence');
    case 'mapping':
      return t('mapping');
    case 'string':
      return t('string');
    case 'integer':
      return t('integer');
    case 'number':
      return t('number');
    case 'boolean':
      return t('boolean');
    default:
      return type;
  }
}

/** What was found, said once: "a mapping", "nothing (an empty value)", or a scalar's type and value ("string \"x\""). */
function found(value: unknown): string {
  if (value === null || value === undefined) return t('nothing (an empty value)');
  if (typeof value === 'object') return show(value);
  return t('{0} {1}', typeOf(value), show(value));
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return typeWord('sequence');
  if (typeof value === 'object') return typeWord('mapping');
  if (typeof value === 'number') return typeWord(Number.isInteger(value) ? 'integer' : 'number');
  return typeWord(typeof value);
}

function typeWords(types: string[]): string {
  const words = [...new Set(types.filter((type) => type !== 'null').map((type) => typeWord(type === 'object' ? 'mapping' : type === 'array' ? 'sequence' : type)))];
  return words.length <= 1 ? words.join('') : t('{0} or {1}', words.slice(0, -1).join(', '), words[words.length - 1]);
}

function listKeys(keys: string[], max = 12): string {
  const shown = keys.slice(0, max).join(', ');
  return keys.length > max ? `${shown}, …` : shown;
}

/** What is validated: the document, its plain value and the schema key it was validated against. */
interface Target {
  /** The document's source tree (yaml/tree.ts), for positions. */
  tree: SourceNode | null;
  value: unknown;
  engine: SchemaEngine;
  key: string;
  code: string;
}

function toFinding({ error, types }: Collapsed, { tree, value, engine, key, code }: Target): Finding | undefined {
  const path: PathSegment[] = pointerSegments(error.instancePath);
  const where = describePath(path);
  // Precompiled validators carry no parentSchema: the schema of the object is found by path.
  const parent: JsonSchema | undefined = error.keyword === 'additionalProperties' || error.keyword === 'required' ? objectBranch(engine, engine.schemaAtPath(key, path)) : undefined;
  const data = valueAt(value, path);
  const typeName = engine.typeName(parent);
  const inType = typeName ? t(' in {0}', typeName) : '';
  const located = locate(tree, path);

  const at = (range: [number, number] | undefined, message: string): Finding | undefined =>
    range ? { start: range[0], end: range[1], message, code } : undefined;

  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      const keyNode = located.exact ? pairOf(located.node, name)?.keyNode : undefined;
      const allowed = Object.keys(parent?.properties ?? {});
      // A suggestion is a quick fix on the key: where the key is not in the text (a merge key's), the fields are listed instead.
      const suggestion = keyNode ? closestName(name, allowed, false) : undefined;
      const hint = suggestion ? t(' Did you mean "{0}"?', suggestion) : allowed.length > 0 ? t(' Expected one of: {0}.', listKeys(allowed)) : '';
      const message = path.length ? t('Unknown field "{0}"{1} ({2}).{3}', name, inType, where, hint) : t('Unknown field "{0}"{1}.{2}', name, inType, hint);
      const found = at(span(keyNode) ?? objectAnchor(located.node, located.key), message);
      // The field's name lets workspace-aware checks drop patch directives; a suggestion is a quick fix when on the key.
      return found && { ...found, data: { unknownField: name, ...(suggestion ? { replacement: suggestion } : {}) } };
    }
    case 'required': {
      const name = String(error.params.missingProperty);
      const found = at(objectAnchor(located.node, located.key), path.length ? t('Missing required field "{0}"{1} ({2}).', name, inType, where) : t('Missing required field "{0}"{1}.', name, inType));
      // Lets workspace-aware checks recognise it (kustomize fills some fields in at build time).
      return found && { ...found, data: { required: name, at: error.instancePath } };
    }
    case 'type': {
      const expected = typeWords([error.params.type as string | string[]].flat());
      return at(span(located.node) ?? objectAnchor(located.node, located.key), t('Expected {0} at {1}, found {2}.', expected, where, found(data)));
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => show(v)).join(', ');
      return at(span(located.node), t('Invalid value {0} at {1}: expected one of {2}.', show(data), where, allowed));
    }
    case 'format':
      return at(span(located.node), error.params.format === 'date-time'
          ? t('Invalid value {0} at {1}: expected a date-time value (RFC 3339, e.g. 2026-01-31T12:00:00Z).', show(data), where)
          : t('Invalid value {0} at {1}: expected a {2} value.', show(data), where, String(error.params.format)));
    case 'const':
      return at(span(located.node), t('Invalid value {0} at {1}: expected {2}.', show(data), where, show(error.params.allowedValue)));
    case 'anyOf':
    case 'oneOf': {
      const expected = types && types.length > 0 ? typeWords(types) : t('one of the allowed shapes');
      return at(span(located.node), t('Expected {0} at {1}, found {2}.', expected, where, found(data)));
    }
    default:
      return at(span(located.node) ?? objectAnchor(located.node, located.key), t('{0}: {1}.', where, error.message ?? t('invalid value')));
  }
}


