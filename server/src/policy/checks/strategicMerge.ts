/**
 * Kyverno's `patchStrategicMerge`: the patch's anchors resolved against the resource first (Kyverno's strategic
 * preprocessing) — `(key)` conditions and `<(key)` global conditions (a condition that does not hold leaves the
 * resource unchanged), `+(key)` added only where the resource has no such key, a list element with conditions applied
 * to every element of the resource's list that meets them — then the patch merged into the resource as Kubernetes'
 * strategic merge does (kustomize's kyaml merge2): maps merged key by key, `null` deletes, a list of objects merged by
 * its merge key (`name` for containers, `mountPath` for volume mounts, …), any other list replaced.
 */
import { parseAnchor } from './anchors';
import type { Budget } from './budget';
import { matchPattern } from './pattern';

type JsonMap = Record<string, unknown>;

function isMap(value: unknown): value is JsonMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A condition of the patch that the resource does not meet (the patch does not apply). */
class ConditionNotMet extends Error {
  constructor(readonly global: boolean) {
    super(global ? 'global anchor condition not met' : 'conditional anchor condition not met');
  }
}

const isCondition = (key: string): boolean => {
  const kind = parseAnchor(key)?.kind;
  return kind === 'condition' || kind === 'global';
};

/** Whether a patch element holds a condition (at any depth of its maps). */
function hasCondition(value: unknown, global: boolean | undefined): boolean {
  if (!isMap(value)) return false;
  return Object.entries(value).some(([key, child]) => {
    const kind = parseAnchor(key)?.kind;
    if (kind === 'global' && global !== false) return true;
    if (kind === 'condition' && global !== true) return true;
    return hasCondition(child, global);
  });
}

class Preprocessor {
  constructor(private readonly budget: Budget) {}

  walk(pattern: unknown, resource: unknown, depth: number): void {
    this.budget.step();
    this.budget.depth(depth);
    if (isMap(pattern)) this.map(pattern, resource, depth);
    else if (Array.isArray(pattern) && isMap(pattern[0])) this.listOfMaps(pattern, Array.isArray(resource) ? resource : [], depth);
  }

  private map(pattern: JsonMap, resource: unknown, depth: number): void {
    const target = isMap(resource) ? resource : {};
    for (const [key, value] of Object.entries(pattern)) {
      const anchor = parseAnchor(key);
      if (anchor?.kind !== 'condition' && anchor?.kind !== 'global') continue;
      const global = anchor.kind === 'global';
      if (!Object.prototype.hasOwnProperty.call(target, anchor.key)) throw new ConditionNotMet(global);
      const error = matchPattern(target[anchor.key], value, this.budget);
      if (error) throw new ConditionNotMet(global);
    }
    for (const key of Object.keys(pattern)) {
      const anchor = parseAnchor(key);
      if (anchor?.kind !== 'addIfAbsent') continue;
      const value = pattern[key];
      delete pattern[key];
      if (!Object.prototype.hasOwnProperty.call(target, anchor.key)) pattern[anchor.key] = value;
    }
    for (const [key, value] of Object.entries(pattern)) {
      // A key the resource lacks is walked too: its `+(key)`s become plain keys, its conditions fail.
      if (parseAnchor(key) !== undefined) continue;
      this.walk(value, target[key], depth + 1);
    }
  }

  private listOfMaps(pattern: unknown[], resource: readonly unknown[], depth: number): void {
    for (const element of [...pattern]) {
      if (!hasCondition(element, undefined)) continue;
      const global = hasCondition(element, true);
      let globalPassed = false;
      let globalFailure: ConditionNotMet | undefined;
      for (const item of resource) {
        const copy = structuredClone(element);
        try {
          this.walk(copy, item, depth + 1);
        } catch (error) {
          if (!(error instanceof ConditionNotMet)) throw error;
          if (error.global) globalFailure = error;
          continue;
        }
        if (global) globalPassed = true;
        else if (isMap(item) && item.name !== undefined && item.name !== null) {
          // The element, its conditions removed, aimed at this resource element by its name (the list's merge key).
          const aimed = withoutConditions(copy);
          if (aimed !== undefined && isMap(aimed)) pattern.push({ ...aimed, name: item.name });
        }
      }
      if (!globalPassed && globalFailure) throw globalFailure;
    }
  }
}

/** The value with every condition removed; undefined when it held something and nothing is left. */
function withoutConditions(value: unknown): unknown {
  if (isMap(value)) {
    const keys = Object.keys(value);
    const result: JsonMap = {};
    for (const key of keys) {
      if (isCondition(key)) continue;
      const child = withoutConditions(value[key]);
      if (child !== undefined) result[key] = child;
    }
    return keys.length > 0 && Object.keys(result).length === 0 ? undefined : result;
  }
  if (Array.isArray(value)) {
    // The list's elements that carried conditions were templates: their resolved copies were added beside them.
    const kept = value.filter((item) => !hasCondition(item, undefined)).map(withoutConditions).filter((item) => item !== undefined);
    return value.length > 0 && kept.length === 0 ? undefined : kept;
  }
  return value;
}

/** The merge key of a list field (Kubernetes' patchMergeKey for the common fields; else kyaml's inferred keys). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ownerReferences: 'uid',
  resourceClaims: 'name',
  conditions: 'type',
};
const ATOMIC = new Set(['tolerations', 'args', 'command', 'finalizers', 'envFrom', 'readinessGates', 'nodeSelectorTerms', 'matchExpressions']);
const INFERRED_KEYS = ['mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'name', 'containerPort'];

function mergeKeyOf(field: string, dest: readonly unknown[], src: readonly unknown[]): string | undefined {
  if (ATOMIC.has(field)) return undefined;
  if (field === 'ports') {
    const all = [...dest, ...src];
    if (all.every((item) => isMap(item) && item.containerPort !== undefined)) return 'containerPort';
    if (all.every((item) => isMap(item) && item.port !== undefined)) return 'port';
    return undefined;
  }
  const known = MERGE_KEYS[field];
  if (known !== undefined) return known;
  const all = [...dest, ...src];
  if (all.length === 0 || !all.every(isMap)) return undefined;
  return INFERRED_KEYS.find((key) => all.every((item) => isMap(item) && item[key] !== undefined));
}

function merge(dest: unknown, src: unknown, field: string, budget: Budget, depth: number): unknown {
  budget.step();
  budget.depth(depth);
  if (isMap(src)) {
    const result: JsonMap = isMap(dest) ? { ...dest } : {};
    for (const [key, value] of Object.entries(src)) {
      if (value === null) delete result[key];
      else result[key] = merge(result[key], value, key, budget, depth + 1);
    }
    return result;
  }
  if (Array.isArray(src) && Array.isArray(dest)) {
    const key = mergeKeyOf(field, dest, src);
    if (key === undefined) return src;
    const result: unknown[] = (dest as readonly unknown[]).slice();
    const added: unknown[] = [];
    for (const item of src) {
      const at = isMap(item) ? result.findIndex((existing) => isMap(existing) && JSON.stringify(existing[key]) === JSON.stringify(item[key])) : -1;
      if (at >= 0) result[at] = merge(result[at], item, field, budget, depth + 1);
      else added.push(item);
    }
    // kustomize's strategic merge (kyverno's) puts the new elements first (MergeOptionsListPrepend).
    return [...added, ...result];
  }
  return src;
}

/** The resource patched (a copy), or undefined when a condition of the patch does not hold. */
export function strategicMerge(resource: unknown, patch: unknown, budget: Budget): unknown {
  const pattern = structuredClone(patch);
  try {
    new Preprocessor(budget).walk(pattern, resource, 0);
  } catch (error) {
    if (error instanceof ConditionNotMet) return undefined;
    throw error;
  }
  const cleaned = withoutConditions(pattern);
  if (cleaned === undefined) return structuredClone(resource);
  return merge(structuredClone(resource), cleaned, '', budget, 0);
}
