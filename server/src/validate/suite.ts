/**
 * An expectation suite read from its text (issue #29): Great Expectations' JSON in the 0.x shape
 * (`expectation_suite_name`, `expectations[].expectation_type`) or the 1.x shape (`name`,
 * `expectations[].type`), or the same content as YAML (`*.expectations.yaml`), which may also name
 * the data it checks with `data:`. Positions are kept for the editor's diagnostics; the engine and
 * the CLI use the same model.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { t } from '../l10n/t';

export interface Span {
  start: number;
  end: number;
}

export interface SuiteKwarg {
  value: unknown;
  key: Span;
  span: Span;
}

export interface SuiteExpectation {
  /** Position in the suite's list (0-based). */
  index: number;
  type: string;
  /** The whole item, its type's value, its kwargs mapping (when present). */
  span: Span;
  typeSpan: Span;
  kwargsSpan?: Span;
  kwargs: Record<string, unknown>;
  kwargSpans: Map<string, SuiteKwarg>;
  meta?: unknown;
}

export interface SuiteProblem {
  span: Span;
  message: string;
}

export interface Suite {
  name: string;
  shape: '0.x' | '1.x';
  /** The data file named by the suite (`data:`), relative to the suite's folder. */
  data?: { path: string; span: Span };
  expectations: SuiteExpectation[];
  /** The suite's meta (GX: `meta`; `suite_parameters` / `evaluation_parameters`, `missing_values`). */
  meta?: Record<string, unknown>;
  /** The suite's own structure (not an expectation's content): a missing list, an item without type. */
  problems: SuiteProblem[];
}

export class SuiteError extends Error {}

/** files.ts's decision, the one `archipel check` takes too. */
export { isSuiteFile } from './files';

/** A node's span; a quoted scalar's without its quotes (a quick fix replaces the text, the JSON quotes stay). */
function spanOf(node: Node | null | undefined, fallback: Span): Span {
  if (!node?.range) return fallback;
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  return quoted ? { start: node.range[0] + 1, end: Math.max(node.range[0] + 1, node.range[1] - 1) } : { start: node.range[0], end: node.range[1] };
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The suite in `text`; undefined when the text does not parse or is not a mapping with an `expectations` list (not a suite). */
export function readSuite(text: string): Suite | undefined {
  // The yaml package's parser past V8's stack (a JSON nested thousands deep, `a: b: c …` after a
  // flow collection): no suite is read from it, as from a text that does not parse.
  const doc = (() => {
    try {
      return parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  })();
  if (!doc || doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const whole = spanOf(root, { start: 0, end: text.length });
  const get = (key: string) => root.items.find((p) => keyOf(p) === key);
  const list = get('expectations');
  if (!list) return undefined;
  const problems: SuiteProblem[] = [];
  const nameNode = get('expectation_suite_name') ?? get('name');
  const shape = get('expectation_suite_name') ? '0.x' : '1.x';
  const name = nameNode && isScalar(nameNode.value) ? String(nameNode.value.value) : '';
  const dataPair = get('data');
  const data = dataPair && isScalar(dataPair.value) && typeof dataPair.value.value === 'string'
    ? { path: dataPair.value.value, span: spanOf(dataPair.value, whole) } : undefined;
  const expectations: SuiteExpectation[] = [];
  const metaValue = (get('meta')?.value as Node | null | undefined)?.toJSON?.() as unknown;
  const meta = metaValue && typeof metaValue === 'object' && !Array.isArray(metaValue) ? metaValue as Record<string, unknown> : undefined;
  if (!isSeq(list.value)) {
    problems.push({ span: spanOf(list.key, whole), message: t('expectations must be a list of expectations') });
    return { name, shape, data, expectations, problems, meta };
  }
  list.value.items.forEach((item, index) => {
    const span = spanOf(item, whole);
    if (!isMap(item)) {
      problems.push({ span, message: t('an expectation is a mapping with {0} and kwargs', 'expectation_type') });
      return;
    }
    const field = (key: string) => item.items.find((p) => keyOf(p) === key);
    const typePair = field('expectation_type') ?? field('type');
    if (!typePair || !isScalar(typePair.value) || typeof typePair.value.value !== 'string') {
      problems.push({ span: typePair ? spanOf(typePair.value, span) : { start: span.start, end: span.start + 1 }, message: t('this expectation has no {0}', shape === '0.x' ? 'expectation_type' : 'type') });
      return;
    }
    const kwargsPair = field('kwargs');
    const kwargs: Record<string, unknown> = {};
    const kwargSpans = new Map<string, SuiteKwarg>();
    if (kwargsPair && isMap(kwargsPair.value)) {
      for (const pair of kwargsPair.value.items) {
        const key = keyOf(pair);
        if (key === undefined) continue;
        const keySpan = spanOf(pair.key, span);
        const value: unknown = (pair.value as Node | null)?.toJSON?.() ?? (isScalar(pair.value) ? pair.value.value : null);
        kwargs[key] = value;
        kwargSpans.set(key, { value, key: keySpan, span: spanOf(pair.value, keySpan) });
      }
    } else if (kwargsPair && !(isScalar(kwargsPair.value) && kwargsPair.value.value === null)) {
      problems.push({ span: spanOf(kwargsPair.value, span), message: t('kwargs must be a mapping of keyword arguments') });
    }
    const meta = field('meta')?.value;
    expectations.push({
      index, type: typePair.value.value, span, typeSpan: spanOf(typePair.value, span),
      kwargsSpan: kwargsPair ? spanOf(kwargsPair.value, span) : undefined, kwargs, kwargSpans,
      meta: meta ? ((meta as Node).toJSON() as unknown) : undefined,
    });
  });
  return { name, shape, data, expectations, problems, meta };
}

const NOWHERE: Span = { start: 0, end: 0 };

/**
 * A JSON suite for a run, read by JSON.parse (no positions: a run needs none): a suite of 300,000
 * set values takes seconds and hundreds of MB as a YAML document with positions (#37). Undefined
 * when `text` is not JSON holding a mapping with an expectations list (then readSuite says why).
 */
function jsonSuite(text: string): Suite | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const root = value as Record<string, unknown>;
  if (!root || typeof root !== 'object' || Array.isArray(root) || !Array.isArray(root.expectations)) return undefined;
  const shape = 'expectation_suite_name' in root ? '0.x' : '1.x';
  const expectations: SuiteExpectation[] = [];
  for (const [index, item] of (root.expectations as unknown[]).entries()) {
    const e = item as Record<string, unknown> | null;
    const type = e && typeof e === 'object' && !Array.isArray(e) ? e.expectation_type ?? e.type : undefined;
    const kwargs = e?.kwargs ?? {};
    if (typeof type !== 'string' || !kwargs || typeof kwargs !== 'object' || Array.isArray(kwargs)) return undefined;
    expectations.push({ index, type, span: NOWHERE, typeSpan: NOWHERE, kwargs: kwargs as Record<string, unknown>, kwargSpans: new Map(), meta: e?.meta ?? undefined });
  }
  const name = root.expectation_suite_name ?? root.name;
  return { name: typeof name === 'string' ? name : name === undefined || name === null ? '' : JSON.stringify(name), shape, data: typeof root.data === 'string' ? { path: root.data, span: NOWHERE } : undefined, expectations, problems: [],
    meta: root.meta && typeof root.meta === 'object' && !Array.isArray(root.meta) ? root.meta as Record<string, unknown> : undefined };
}

/** The suite in `text` for a run: throws SuiteError when it is not one. */
export function parseSuite(text: string, label: string): Suite {
  const suite = jsonSuite(text) ?? readSuite(text);
  if (!suite) throw new SuiteError(t('{0} is not an expectation suite: expected a JSON or YAML mapping with an expectations list', label));
  if (suite.problems.length > 0) throw new SuiteError(`${label}: ${suite.problems[0].message}`);
  return suite;
}
