import { closest, distance } from 'fastest-levenshtein';
import type { ErrorObject } from 'ajv';
import type { Node } from 'yaml';
import type { Finding } from '../../common/findings';
import { defineRule } from '../../rules/registry';
import type { SchemaEngine } from '../../schema/engine';
import { schemaFindings } from '../../schema/errors';
import type { YamlChunk } from '../../yaml/model';
import { pointerSegments, valueAt } from '../../yaml/path';
import { groupOf, kindKey, manifestIdentity } from '../model/manifest';
import { t } from '../../l10n/t';

export const schemaRule = defineRule({
  id: 'k8s-schema',
  defaultSeverity: 'error',
  description: 'A Kubernetes object does not match the schema of its apiVersion and kind: unknown field, missing required field, wrong type or value.',
});
export const unknownKindRule = defineRule({
  id: 'k8s-unknown-kind',
  defaultSeverity: 'error',
  description: 'A built-in API group (apps, batch, networking.k8s.io, …) has no such kind or version in the configured Kubernetes release.',
});
export const noSchemaRule = defineRule({
  id: 'k8s-no-schema',
  defaultSeverity: 'information',
  description: 'An object of a custom resource kind that Archipel has no schema for; it is not validated.',
});

/**
 * Kubernetes validation of one document: dispatch by exact apiVersion + kind to its schema.
 * Built-in groups are known exactly, so an unknown kind there is an error; any other group is a
 * custom resource without a schema, reported once as information.
 */
export class KubernetesValidator {
  /** group → versions served, and apiVersion → kinds, from the built-in schema bundle(s). */
  private readonly versionsByGroup = new Map<string, Set<string>>();
  private readonly kindsByApiVersion = new Map<string, string[]>();
  private readonly cacheKey = Symbol('k8s-schema');
  private schemas?: SchemaEngine;

  /**
   * `read`: the schema engine and the built-in kinds' keys (`apiVersion/kind`), read on the first
   * document that names an apiVersion and a kind: a run that meets none (`archipel check` of a
   * rule file, which the Kubernetes family's selector takes as YAML) never reads the schema bundles.
   */
  constructor(private readonly read: () => { engine: SchemaEngine; builtinKeys: Iterable<string> }) {}

  get engine(): SchemaEngine {
    if (this.schemas) return this.schemas;
    const { engine, builtinKeys } = this.read();
    for (const key of builtinKeys) {
      const slash = key.lastIndexOf('/');
      const apiVersion = key.slice(0, slash);
      const kind = key.slice(slash + 1);
      const group = groupOf(apiVersion);
      const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
      if (!this.versionsByGroup.has(group)) this.versionsByGroup.set(group, new Set());
      this.versionsByGroup.get(group)!.add(version);
      if (!this.kindsByApiVersion.has(apiVersion)) this.kindsByApiVersion.set(apiVersion, []);
      this.kindsByApiVersion.get(apiVersion)!.push(kind);
    }
    return (this.schemas = engine);
  }

  /** Whether `apiVersion/kind` is a type of the built-in API (a custom resource's schema reads "" as a value). */
  private builtin(key: string): boolean {
    return this.kindsByApiVersion.get(key.slice(0, key.lastIndexOf('/')))?.includes(key.slice(key.lastIndexOf('/') + 1)) ?? false;
  }

  /**
   * The schemas and the validators of these `apiVersion/kind` keys read now (Feature.warm, idle time), one key a step:
   * what the first document of each kind would read. Unknown keys and custom resources without a schema read nothing.
   */
  *warm(keys: Iterable<string>): Generator<string> {
    const engine = this.engine;
    for (const key of keys) {
      if (!engine.has(key)) continue;
      engine.warm(key);
      yield key;
    }
  }

  /** Findings of a chunk's first document, cached on the chunk (chunks are immutable). */
  findings(chunk: YamlChunk): Finding[] {
    const cached = chunk.cache.get(this.cacheKey) as Finding[] | undefined;
    if (cached) return cached;
    const findings = chunk.wellFormed ? this.validateDocument(chunk) : [];
    chunk.cache.set(this.cacheKey, findings);
    return findings;
  }

  private validateDocument(chunk: YamlChunk): Finding[] {
    const value = chunk.value;
    const apiVersion = isRecord(value) ? value.apiVersion : undefined;
    const kind = isRecord(value) ? value.kind : undefined;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [];
    const key = kindKey(apiVersion, kind);
    // Reads the schemas (and the kinds the maps below hold) on the first such document.
    const found = this.engine.validate(key, value);
    const errors = found && this.builtin(key) ? found.filter((error) => !unsetEnum(error, value, key, this.engine)) : found;
    if (errors && errors.length === 0) return [];
    // Only now are positions needed, and for this document alone.
    if (errors) return schemaFindings(errors, chunk.tree, value, this.engine, key, schemaRule.id);
    const doc = chunk.doc;
    const identity = doc && manifestIdentity(doc);
    if (!doc || !identity) return [];

    const group = groupOf(identity.apiVersion);
    // Kustomize's own files are checked by the kustomize rule, not against a cluster schema.
    if (group === 'kustomize.config.k8s.io') return [];
    // Kyverno's policies, tests and reports are the policy family's (#96): it checks them (policy-syntax, policy-schema).
    if (/^(kyverno\.io|policies\.kyverno\.io|cli\.kyverno\.io|reports\.kyverno\.io)$/.test(group)) return [];
    const versions = this.versionsByGroup.get(group);
    if (!versions) {
      return [
        at(identity.kindNode, noSchemaRule.id, t('No schema for {0}/{1}: this custom resource is not validated.', identity.apiVersion, identity.kind)),
      ];
    }
    const kinds = this.kindsByApiVersion.get(identity.apiVersion);
    if (kinds) {
      const suggestion = closest(identity.kind, kinds);
      const hint = distance(suggestion, identity.kind) <= 3 ? t(' Did you mean "{0}"?', suggestion) : '';
      const found = at(identity.kindNode, unknownKindRule.id, t('Unknown kind "{0}" in {1}.{2}', identity.kind, identity.apiVersion, hint));
      return [hint ? { ...found, data: { replacement: suggestion } } : found];
    }
    const served = [...versions].map((v) => (group ? `${group}/${v}` : v)).join(', ');
    return [
      at(
        identity.apiVersionNode,
        unknownKindRule.id,
        group
          ? t('apiVersion "{0}" is not served by this Kubernetes release; {1} serves {2}.', identity.apiVersion, group, served)
          : t('apiVersion "{0}" is not served by this Kubernetes release; the core group serves {1}.', identity.apiVersion, served),
      ),
    ];
  }
}

/**
 * An enum error on "" of a built-in type's optional field: the API server decodes "" as Go's zero
 * value, the field unset, and defaults it (`podManagementPolicy: ""` is OrderedReady,
 * `externalTrafficPolicy: ""` Cluster or nothing); a required field's "" stays an error.
 */
function unsetEnum(error: ErrorObject, value: unknown, key: string, engine: SchemaEngine): boolean {
  if (error.keyword !== 'enum') return false;
  const path = pointerSegments(error.instancePath);
  if (path.length === 0 || valueAt(value, path) !== '') return false;
  const parent = engine.schemaAtPath(key, path.slice(0, -1));
  return !(parent?.required ?? []).includes(String(path[path.length - 1]));
}

function at(node: Node, code: string, message: string): Finding {
  const range = node.range ?? [0, 0, 0];
  return { start: range[0], end: range[1], code, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
