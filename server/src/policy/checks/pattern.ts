/**
 * A Kyverno `validate.pattern` against a resource, as Kyverno's validate.MatchPattern walks them: anchors first, then
 * the plain keys; a list pattern of one map applies to every element; a conditional or global anchor that does not
 * hold makes the rule not apply (skip), a negation anchor that does makes it fail.
 */
import { parseAnchor } from './anchors';
import type { Budget } from './budget';
import { valueMatches } from './values';
import { hasWildcard, wildcardMatch } from './wildcard';

/** Why a pattern did not match: a plain failure, or the kinds of anchor error Kyverno tells apart. */
export interface PatternError {
  readonly kind: 'fail' | 'condition' | 'global' | 'negation';
  readonly path: string;
  readonly message: string;
}

type Walk = PatternError | undefined;

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const skips = (error: PatternError): boolean => error.kind === 'condition' || error.kind === 'global';

/** Wildcard keys of `metadata.labels`/`annotations` replaced by the resource's matching keys (Kyverno's ExpandInMetadata). */
function expandMetadata(pattern: Record<string, unknown>, resource: Record<string, unknown>): Record<string, unknown> {
  const metadataKey = Object.keys(pattern).find((key) => (parseAnchor(key)?.key ?? key) === 'metadata');
  const resourceMetadata = resource.metadata;
  if (metadataKey === undefined || !isMap(pattern[metadataKey]) || !isMap(resourceMetadata)) return pattern;
  const metadata = { ...(pattern[metadataKey]) };
  for (const tagKey of Object.keys(metadata)) {
    const tag = parseAnchor(tagKey)?.key ?? tagKey;
    const tagPattern = metadata[tagKey];
    const tagResource = resourceMetadata[tag];
    if ((tag !== 'labels' && tag !== 'annotations') || !isMap(tagPattern) || !isMap(tagResource)) continue;
    const expanded: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tagPattern)) {
      const anchor = parseAnchor(key);
      const bare = anchor?.key ?? key;
      const match = hasWildcard(bare) ? Object.keys(tagResource).find((candidate) => wildcardMatch(bare, candidate)) : undefined;
      expanded[match === undefined ? key : anchor ? key.replace(bare, match) : match] = value;
    }
    metadata[tagKey] = expanded;
  }
  return { ...pattern, [metadataKey]: metadata };
}

class PatternWalker {
  constructor(private readonly budget: Budget) {}

  element(resource: unknown, pattern: unknown, path: string, depth: number): Walk {
    this.budget.step();
    this.budget.depth(depth);
    if (isMap(pattern)) {
      if (!isMap(resource)) return { kind: 'fail', path, message: `pattern and resource have different structures at ${path}` };
      return this.map(resource, pattern, path, depth);
    }
    if (Array.isArray(pattern)) {
      if (!Array.isArray(resource)) return { kind: 'fail', path, message: `validation rule failed at path ${path}, resource does not satisfy the expected overlay pattern` };
      return this.array(resource, pattern, path, depth);
    }
    const values = Array.isArray(resource) ? resource : [resource];
    for (const value of values) {
      this.budget.step();
      if (!valueMatches(value, pattern)) return { kind: 'fail', path, message: `resource value '${display(resource)}' does not match '${display(pattern)}' at path ${path}` };
    }
    return undefined;
  }

  private map(resource: Record<string, unknown>, rawPattern: Record<string, unknown>, path: string, depth: number): Walk {
    const pattern = expandMetadata(rawPattern, resource);
    const anchored: [string, unknown][] = [];
    const plain: [string, unknown][] = [];
    for (const entry of Object.entries(pattern)) (parseAnchor(entry[0]) ? anchored : plain).push(entry);
    // Kyverno evaluates the anchors first, then the plain keys holding anchors deeper down, then the rest.
    plain.sort(([, a], [, b]) => Number(holdsAnchor(b)) - Number(holdsAnchor(a)));
    for (const [key, value] of [...anchored, ...plain]) {
      const error = this.key(resource, key, value, path, depth);
      if (error) return error;
    }
    return undefined;
  }

  private key(resource: Record<string, unknown>, key: string, pattern: unknown, path: string, depth: number): Walk {
    const anchor = parseAnchor(key);
    if (!anchor || anchor.kind === 'addIfAbsent') {
      const name = anchor?.key ?? key;
      const value = resource[name];
      if (pattern === '*') return value !== undefined && value !== null ? undefined : { kind: 'fail', path, message: `${path}${name}/ not found` };
      return this.element(value, pattern, `${path}${name}/`, depth + 1);
    }
    const at = `${path}${anchor.key}/`;
    const present = Object.prototype.hasOwnProperty.call(resource, anchor.key);
    const value = resource[anchor.key];
    switch (anchor.kind) {
      case 'negation':
        return present ? { kind: 'negation', path: at, message: `${at} is not allowed` } : undefined;
      case 'equality': {
        return present ? this.element(value, pattern, at, depth + 1) : undefined;
      }
      case 'condition': {
        if (!present) return { kind: 'condition', path: at, message: "conditional anchor key doesn't exist in the resource" };
        const error = this.element(value, pattern, at, depth + 1);
        return error ? { ...error, kind: 'condition' } : undefined;
      }
      case 'global': {
        if (!present) return undefined;
        const error = this.element(value, pattern, at, depth + 1);
        return error ? { ...error, kind: 'global' } : undefined;
      }
      case 'existence': {
        if (!present) return undefined;
        if (!Array.isArray(value)) return { kind: 'fail', path: at, message: `existence anchor ^(${anchor.key}) applies to a list only` };
        if (!Array.isArray(pattern)) return { kind: 'fail', path: at, message: 'an existence anchor takes a list pattern' };
        for (const item of pattern) {
          if (!isMap(item)) return { kind: 'fail', path: at, message: 'an existence anchor takes a list of maps' };
          if (!value.some((element, index) => this.element(element, item, `${at}${index}/`, depth + 1) === undefined)) return { kind: 'fail', path: at, message: `existence anchor validation failed at path ${at}` };
        }
        return undefined;
      }
    }
  }

  private array(resource: unknown[], pattern: unknown[], path: string, depth: number): Walk {
    if (pattern.length === 0) return { kind: 'fail', path, message: 'pattern Array empty' };
    const first = pattern[0];
    if (isMap(first)) {
      let applied = 0;
      let skipped: PatternError | undefined;
      for (let index = 0; index < resource.length; index++) {
        const error = this.element(resource[index], first, `${path}${index}/`, depth + 1);
        if (error && skips(error)) {
          skipped = error;
          continue;
        }
        if (error) return error;
        applied++;
      }
      return applied === 0 && skipped ? { ...skipped, kind: 'condition' } : undefined;
    }
    if (!Array.isArray(first)) return this.element(resource, first, path, depth + 1);
    if (resource.length < pattern.length) return { kind: 'fail', path, message: `validate Array failed, array length mismatch, resource Array len is ${resource.length} and pattern Array len is ${pattern.length}` };
    for (let index = 0; index < pattern.length; index++) {
      const error = this.element(resource[index], pattern[index], `${path}${index}/`, depth + 1);
      if (error && !skips(error)) return error;
    }
    return undefined;
  }
}

function holdsAnchor(pattern: unknown): boolean {
  if (isMap(pattern)) return Object.keys(pattern).some((key) => parseAnchor(key) !== undefined);
  if (Array.isArray(pattern)) return pattern.some((item) => isMap(item) && Object.keys(item).some((key) => parseAnchor(key) !== undefined));
  return false;
}

function display(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Whether `resource` matches `pattern`: undefined when it does, else why not (a condition or global error: the rule does not apply). */
export function matchPattern(resource: unknown, pattern: unknown, budget: Budget): PatternError | undefined {
  return new PatternWalker(budget).element(resource, pattern, '/', 0);
}
