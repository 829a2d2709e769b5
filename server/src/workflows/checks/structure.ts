import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Finding } from '../../common/findings';
import type { PathSegment } from '../../yaml/path';
import { parseExpression, type ParsedExpression } from '../syntax/expression';
import {
  contextAvailabilityRule,
  duplicateKeyRule,
  eventRule,
  missingKeyRule,
  permissionsRule,
  typeRule,
  unknownKeyRule,
  usesAndRunRule,
} from './rules';
import { suggest, type Replacement } from './suggest';
import { embeddedExpressions, scalarText, type EmbeddedExpression, type ScalarText } from '../syntax/scalar';
import { noContext, type AllowedContext, type ScalarKind, type TemplateDefinition, type TemplateSchema } from '../model/schema';
import { t } from '../../l10n/t';

/** One expression of the file: where it is, what it says, and what it may use there. */
export interface ExpressionSite {
  text: ScalarText;
  /** Index in the value where the expression text starts, and the text (between the braces). */
  innerStart: number;
  inner: string;
  /** Index range of the whole `${{ … }}` in the value (the condition itself for a bare if:). */
  start: number;
  end: number;
  parsed: ParsedExpression;
  allowed: AllowedContext;
  /** Path of the scalar holding it. */
  path: PathSegment[];
  definition: string;
  /** An if: condition: evaluated as an expression even without `${{ }}`. */
  condition: boolean;
  /** Unclosed `${{`: reported as a syntax error. */
  closed: boolean;
  /** For conditions: the value is not a lone expression but text around `${{ }}`. */
  mixed: boolean;
}

export interface StructureResult {
  findings: Finding[];
  expressions: ExpressionSite[];
}

export interface WalkOptions {
  /** Keys accepted on top of the schema, per definition (Forgejo's extra workflow keys). */
  extraKeys?: Record<string, Record<string, string>>;
  /** Which rule reports problems below a path (triggers and permissions have their own). */
  ruleFor?: (path: readonly PathSegment[], fallback: string) => string;
}

const conditionDefinitions = new Set(['job-if', 'step-if', 'snapshot-if', 'runs-if']);

function keyName(pair: Pair): string | undefined {
  const key = pair.key as Node | null;
  return isScalar(key) && key.value !== null && typeof key.value !== 'object' ? String(key.value) : undefined;
}

export function describePath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text || t('(document)');
}

function span(node: Node | null | undefined): [number, number] | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}

function kindOf(value: unknown): ScalarKind {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  return 'string';
}

/** The filters of an event (`on.push.tags`, `on.pull_request.paths-ignore`): GitHub runs a workflow where one is left empty. */
const eventFilters = new Set(['branches', 'branches-ignore', 'tags', 'tags-ignore', 'paths', 'paths-ignore']);
function isEmptyEventFilter(path: readonly PathSegment[]): boolean {
  return path.length === 3 && path[0] === 'on' && typeof path[2] === 'string' && eventFilters.has(path[2]);
}

function describeFound(node: Node | null): string {
  if (node === null) return t('nothing');
  if (isMap(node)) return t('a mapping');
  if (isSeq(node)) return t('a sequence');
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return t('nothing');
    if (typeof value === 'string') return value === '' ? t('an empty string') : `"${value}"`;
    return `${kindOf(value) === 'boolean' ? t('boolean') : t('number')} ${String(value)}`;
  }
  return t('a value');
}

function quoteList(values: readonly string[], max = 8): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`);
  return values.length > max ? `${shown.join(', ')}, …` : shown.length <= 1 ? shown.join('') : t('{0} or {1}', shown.slice(0, -1).join(', '), shown[shown.length - 1]);
}

class Walker {
  readonly findings: Finding[] = [];
  readonly expressions: ExpressionSite[] = [];

  constructor(
    private readonly schema: TemplateSchema,
    private readonly chunkText: string,
    private readonly options: WalkOptions,
  ) {}

  private report(path: readonly PathSegment[], code: string, at: [number, number] | undefined, message: string, data?: Replacement): void {
    if (!at) return;
    const rule = this.options.ruleFor ? this.options.ruleFor(path, code) : code;
    this.findings.push({ start: at[0], end: at[1], code: rule, message, ...(data ? { data } : {}) });
  }

  /** What a definition accepts, in words, for "expected …" messages. */
  private expected(definition: string): string {
    const leaves = this.schema.expand(definition);
    const words: string[] = [];
    const constants: string[] = [];
    for (const { def } of leaves) {
      if (def.mapping) words.push(t('a mapping'));
      else if (def.sequence) words.push(t('a sequence'));
      else if (def.string?.constant !== undefined) constants.push(def.string.constant);
      else if (def.string) words.push(def.string['require-non-empty'] ? t('a non-empty string') : t('a string'));
      else if (def.boolean) words.push(t('a boolean'));
      else if (def.number) words.push(t('a number'));
      else if (def.null) words.push(t('nothing'));
    }
    if (constants.length > 0) words.push(constants.length > 1 ? t('one of {0}', quoteList(constants)) : quoteList(constants));
    const unique = [...new Set(words)];
    return unique.length <= 1 ? unique.join('') : t('{0} or {1}', unique.slice(0, -1).join(', '), unique[unique.length - 1]);
  }

  walk(node: Node | null, definition: string, inherited: AllowedContext, path: PathSegment[], anchor: Node | null): void {
    if (!this.schema.has(definition)) return;
    const allowed = this.schema.allowedContext(definition, inherited);
    if (isAlias(node)) return;
    if (node === null || isScalar(node)) {
      this.scalar(node, definition, allowed, path, anchor);
    } else if (isSeq(node)) {
      const sequence = this.schema.sequenceDefinition(definition);
      if (!sequence?.def.sequence) {
        this.report(path, typeRule.id, span(node) ?? span(anchor), t('Expected {0} at {1}, found a sequence.', this.expected(definition), describePath(path)));
        return;
      }
      node.items.forEach((item, index) => this.walk(item as Node | null, sequence.def.sequence!['item-type'], allowed, [...path, index], null));
    } else if (isMap(node)) {
      const mappings = this.schema.mappingDefinitions(definition);
      if (mappings.length === 0) {
        this.report(path, typeRule.id, span(anchor) ?? span(node), t('Expected {0} at {1}, found a mapping.', this.expected(definition), describePath(path)));
        return;
      }
      this.mapping(node, definition, mappings, allowed, path, anchor);
    }
  }

  private scalar(node: Node | null, definition: string, allowed: AllowedContext, path: PathSegment[], anchor: Node | null): void {
    const value = isScalar(node) ? node.value : null;
    const at = span(node) && isScalar(node) && node.range && node.range[1] > node.range[0] ? span(node) : span(anchor) ?? span(node);
    if (typeof value === 'string') {
      const text = scalarText(node, this.chunkText);
      if (text && conditionDefinitions.has(definition)) {
        this.condition(text, definition, allowed, path);
        return;
      }
      if (text && value.includes('${{')) {
        const found = embeddedExpressions(value);
        if (allowed.names.length === 0 && allowed.functions.size === 0) {
          const first = found[0];
          const where = first ? [text.offsets[first.start], text.offsets[Math.min(first.end, value.length) - 1] + 1] as [number, number] : at;
          this.findings.push({ start: where![0], end: where![1], code: contextAvailabilityRule.id, message: t('Expressions are not allowed in {0}: GitHub reads this value as it is written.', describePath(path)) });
          return;
        }
        this.embedded(text, found, { allowed, path, definition, condition: false, mixed: false });
        // An expression may stand for any type; its value is checked when the workflow runs.
        return;
      }
    }
    if (value === null && isEmptyEventFilter(path)) {
      // thanos-io/thanos' go.yaml and docs.yaml (`push:` with `tags:` and nothing after it) run on every push to main:
      // GitHub runs a workflow with an empty filter; only its workflow editor (this schema) refuses it. Said, not an error.
      if (at) this.findings.push({ start: at[0], end: at[1], code: this.options.ruleFor ? this.options.ruleFor(path, typeRule.id) : typeRule.id, message: t('{0} is empty: GitHub runs the workflow with it, though its workflow editor refuses an empty filter; list patterns or remove the key.', describePath(path)), severity: 'information' });
      return;
    }
    const scalars = this.schema.scalarDefinitions(definition);
    if (scalars.length === 0) {
      this.report(path, typeRule.id, at, t('Expected {0} at {1}, found {2}.', this.expected(definition), describePath(path), describeFound(node)));
      return;
    }
    const kind = kindOf(value);
    const matches = (k: ScalarKind, v: string | undefined) =>
      scalars.some(({ def, kind: accepted }) => {
        if (accepted !== k) return false;
        if (k !== 'string') return true;
        const s = def.string!;
        if (s.constant !== undefined) return s['ignore-case'] ? s.constant.toLowerCase() === (v ?? '').toLowerCase() : s.constant === v;
        return !s['require-non-empty'] || (v ?? '') !== '';
      });
    if (matches(kind, typeof value === 'string' ? value : undefined)) return;
    // GitHub reads any scalar as a string when the definition takes no other kind of scalar.
    const asString = kind === 'null' ? '' : isScalar(node) && node.range ? this.chunkText.slice(node.range[0], node.range[1]) : String(value);
    if (kind !== 'string' && matches('string', kind === 'null' ? '' : asString)) return;
    const constants = this.schema.constants(definition);
    const shown = kind === 'string' ? String(value) : asString;
    if (constants.length > 0 && scalars.every((s) => s.def.string?.constant !== undefined)) {
      const near = suggest(shown, constants);
      const hint = near.hint || (constants.length > 1 ? t(' Expected one of {0}.', quoteList(constants, 12)) : t(' Expected {0}.', quoteList(constants, 12)));
      this.report(path, typeRule.id, at, t('Invalid value "{0}" at {1}.{2}', shown, describePath(path), hint), near.data);
      return;
    }
    this.report(path, typeRule.id, at, t('Expected {0} at {1}, found {2}.', this.expected(definition), describePath(path), describeFound(node)));
  }

  private condition(text: ScalarText, definition: string, allowed: AllowedContext, path: PathSegment[]): void {
    const value = text.value;
    const found = embeddedExpressions(value);
    const trimmed = value.trim();
    const lone = found.length === 1 && found[0].start === value.indexOf('${{') && trimmed.startsWith('${{') && trimmed.endsWith('}}') && found[0].end === value.lastIndexOf('}}') + 2;
    if (found.length === 0) {
      this.expressions.push({ text, innerStart: 0, inner: value, start: 0, end: value.length, parsed: parseExpression(value), allowed, path, definition, condition: true, closed: true, mixed: false });
      return;
    }
    this.embedded(text, found, { allowed, path, definition, condition: true, mixed: !lone });
  }

  /** Records the `${{ }}` of a scalar, each parsed (an unclosed one is reported by the checks). */
  private embedded(text: ScalarText, found: EmbeddedExpression[], where: Pick<ExpressionSite, 'allowed' | 'path' | 'definition' | 'condition' | 'mixed'>): void {
    for (const embedded of found) {
      this.expressions.push({
        text,
        innerStart: embedded.innerStart,
        inner: embedded.inner,
        start: embedded.start,
        end: embedded.end,
        parsed: embedded.closed ? parseExpression(embedded.inner) : {},
        closed: embedded.closed,
        ...where,
      });
    }
  }

  private mapping(node: Node, definition: string, candidates: { name: string; def: TemplateDefinition }[], allowed: AllowedContext, path: PathSegment[], anchor: Node | null): void {
    if (!isMap(node)) return;
    const original = candidates;
    let defs = [...candidates];
    const extra = this.options.extraKeys?.[definition] ?? {};
    const looseOnly = defs.length === 1 && Object.keys(defs[0].def.mapping?.properties ?? {}).length === 0 && !!defs[0].def.mapping?.['loose-key-type'];
    const seen = new Map<string, string>();
    let expressionKey = false;
    const present = new Set<string>();
    /** A key was reported as belonging to another shape of this mapping: what that shape requires is not said again. */
    let conflicted = false;
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const pair = item as Pair<Node | null, Node | null>;
      const key = pair.key;
      const name = keyName(pair);
      const keyPath = [...path, name ?? '?'];
      if (name === undefined) continue;
      if (name.includes('${{')) {
        expressionKey = true;
        if (allowed.names.length === 0) {
          this.findings.push({ start: span(key)![0], end: span(key)![1], code: contextAvailabilityRule.id, message: t('Expressions are not allowed as keys in {0}.', describePath(path)) });
        } else {
          const text = scalarText(key, this.chunkText);
          if (text) this.embedded(text, embeddedExpressions(text.value), { allowed, path: keyPath, definition, condition: false, mixed: false });
        }
        continue;
      }
      const upper = name.toUpperCase();
      const previous = seen.get(upper);
      if (previous !== undefined) {
        // Exact duplicates are the YAML rule's; GitHub also compares keys case-insensitively.
        if (previous !== name) {
          this.report(keyPath, duplicateKeyRule.id, span(key), t('"{0}" is already defined as "{1}" in {2}: GitHub compares these keys case-insensitively.', name, previous, describePath(path)));
        }
        continue;
      }
      seen.set(upper, name);
      present.add(name);
      if (looseOnly) {
        const mapping = defs[0].def.mapping!;
        this.walk(key, mapping['loose-key-type']!, allowed, keyPath, null);
        this.walk(pair.value, mapping['loose-value-type']!, allowed, keyPath, key);
        continue;
      }
      const matching = defs.filter((d) => d.def.mapping?.properties?.[name] !== undefined);
      if (matching.length > 0) {
        defs = matching;
        const property = this.schema.property(matching[0].def, name)!;
        this.walk(pair.value, property.type, allowed, keyPath, key);
        continue;
      }
      if (extra[name]) {
        this.walk(pair.value, extra[name], allowed, keyPath, key);
        continue;
      }
      const loose = defs[0].def.mapping?.['loose-key-type'];
      if (loose) {
        this.walk(key, loose, allowed, keyPath, null);
        this.walk(pair.value, defs[0].def.mapping!['loose-value-type']!, allowed, keyPath, key);
        continue;
      }
      const elsewhere = original.find((d) => d.def.mapping?.properties?.[name] !== undefined);
      if (elsewhere) {
        const conflicting = [...present].filter((k) => k !== name && !elsewhere.def.mapping?.properties?.[k]);
        const usesAndRun = (name === 'uses' && conflicting.includes('run')) || (name === 'run' && conflicting.includes('uses'));
        conflicted = true;
        // Both: said on `uses:` (the step is an action call with a script added), whichever came first.
        const usesKey = usesAndRun ? node.items.find((i) => isPair(i) && keyName(i as Pair<Node | null, Node | null>) === 'uses') : undefined;
        this.report(
          usesAndRun ? [...path, 'uses'] : keyPath,
          usesAndRun ? usesAndRunRule.id : unknownKeyRule.id,
          usesKey ? span((usesKey as Pair<Node | null, Node | null>).key) : span(key),
          usesAndRun
            ? t('A step cannot have both "uses" and "run": it either runs an action or a script. Split it into two steps.')
            : t('"{0}" cannot be used together with {1} in {2}.', name, quoteList(conflicting), describePath(path)),
        );
        continue;
      }
      const allowedKeys = [...new Set(defs.flatMap((d) => Object.keys(d.def.mapping?.properties ?? {})).concat(Object.keys(extra)))];
      const near = suggest(name, allowedKeys);
      const hint = near.hint || (allowedKeys.length > 0 ? t(' Expected one of: {0}.', `${allowedKeys.slice(0, 14).join(', ')}${allowedKeys.length > 14 ? ', …' : ''}`) : '');
      this.report(keyPath, unknownKeyRule.id, span(key), t('Unknown key "{0}" in {1}.{2}', name, describePath(path), hint), near.data);
    }
    if (looseOnly || expressionKey || conflicted) return;
    const where = span(anchor) ?? (node.items.length > 0 ? span(node.items[0].key as Node) : span(node));
    if (defs.length > 1) {
      const required = [...new Set(defs.flatMap((d) => this.schema.properties(d.def).filter((p) => p.required).map((p) => p.name)))];
      this.report(path, missingKeyRule.id, where, t('{0} needs one of {1} to say what it is.', describePath(path), quoteList(required.length > 0 ? required : defs.flatMap((d) => Object.keys(d.def.mapping?.properties ?? {})))));
      return;
    }
    for (const property of this.schema.properties(defs[0].def)) {
      if (property.required && !seen.has(property.name.toUpperCase())) {
        this.report([...path, property.name], missingKeyRule.id, where, t('Missing required key "{0}" in {1}.', property.name, describePath(path)));
      }
    }
  }
}

/** Validates a document against a template schema and collects its expressions. */
export function walkTemplate(doc: Document.Parsed, chunkText: string, schema: TemplateSchema, options: WalkOptions = {}): StructureResult {
  const walker = new Walker(schema, chunkText, options);
  walker.walk(doc.contents, schema.root, noContext, [], null);
  return { findings: walker.findings, expressions: walker.expressions };
}

/** Routes problems under `on:` and `permissions:` to their own rules. */
export function workflowRuleFor(path: readonly PathSegment[], fallback: string): string {
  if (fallback === duplicateKeyRule.id || fallback === usesAndRunRule.id) return fallback;
  if (path[0] === 'on') return eventRule.id;
  if (path[0] === 'permissions' || (path[0] === 'jobs' && path[2] === 'permissions')) return permissionsRule.id;
  return fallback;
}
