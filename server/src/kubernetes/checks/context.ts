import type { SourceNode } from '../../yaml/sourceNode';
import type { Finding } from '../../common/findings';
import type { SeverityName, SeveritySetting } from '../../common/diagnostics';
import { defineRule, type RuleInfo } from '../../rules/registry';
import type { ArchipelSettings } from '../../settings';
import { deepestInTree, pairOf, spanOf as span } from '../../yaml/tree';
import type { KubernetesGraph, KubernetesObject } from '../model/objects';
import type { Path } from '../model/workloads';
import { t } from '../../l10n/t';

export interface RuleContext {
  graph: KubernetesGraph;
  settings: ArchipelSettings;
  /** The workspace folders (file paths; FeatureContext.roots): a kustomization's path outside them is not read, not missing. */
  roots?: readonly string[];
}

/**
 * A Kubernetes rule: a stable id, a default severity, the kube-linter checks it stands for (their
 * `ignore-check.kube-linter.io/<check>` annotation silences it too), and a check over one object.
 * `scope: 'object'` rules read only the object (their findings are cached with the document);
 * `'workspace'` rules also read the graph of every object.
 */
export interface KubernetesRule {
  info: RuleInfo;
  scope: 'object' | 'workspace';
  kubeLinter?: readonly string[];
  /** The kinds the rule is about (none: every kind); `check` answers [] for the others. */
  kinds?: readonly string[];
  /**
   * The rule says what an object lacks (a probe, resources, a securityContext setting, a port): meaningless on a
   * kustomize patch, which holds only what it changes — `kubectl kustomize` merges it into the object that has the rest.
   */
  absence?: boolean;
  check(object: KubernetesObject, context: RuleContext): Finding[];
}

export function kubernetesRule(
  { id, severity, scope, kinds, absence, description }: { id: string; severity: SeveritySetting; scope: KubernetesRule['scope']; kinds?: readonly string[]; absence?: boolean; description: string },
  check: KubernetesRule['check'],
  kubeLinter?: readonly string[],
): KubernetesRule {
  // A rule about some kinds declares them: it is asked about objects of those kinds only.
  const checked: KubernetesRule['check'] = kinds ? (object, context) => (kinds.includes(object.kind) ? check(object, context) : []) : check;
  // A rule about the workspace reads the other manifests: its findings wait for the whole index.
  return { info: defineRule({ id, defaultSeverity: severity, description, ...(scope === 'workspace' ? { needsIndex: true } : {}) }), scope, kubeLinter, ...(kinds ? { kinds } : {}), ...(absence ? { absence } : {}), check: checked };
}

/**
 * Where to report about `path`: its value (or key), or, when the path does not exist, the key of
 * the deepest part that does (a container without `resources` → the container's `name`).
 */
export function locate(object: KubernetesObject, path: Path, part: 'key' | 'value' = 'value', tree?: SourceNode | null): [number, number] {
  // A summary's stand-in (workspace/summaries.ts; the diagram of a large workspace asks about it) has no parse.
  if (!(object.chunk as KubernetesObject['chunk'] | undefined)) return [0, 0];
  const { node, key, depth } = deepestInTree(tree === undefined ? object.chunk.tree : tree, path);
  if (depth === path.length) {
    const range = part === 'key' ? (span(key) ?? span(node)) : (span(node) ?? span(key));
    if (range) return range;
  }
  if (node?.kind === 'map') {
    const named = span(pairOf(node, 'name')?.value) ?? span(node.pairs?.[0]?.keyNode);
    if (named && !key) return named;
  }
  return span(key) ?? span(node) ?? [0, 0];
}

/**
 * The 1-based line of an object's `metadata.name` (where a duplicate is reported), else of its
 * `kind`; a summary's stand-in, which has no parse, gives the line it kept.
 */
export function nameLine(object: KubernetesObject): number {
  if (!(object.chunk as KubernetesObject['chunk'] | undefined)) return object.nameLine ?? object.range.start.line + 1;
  const [kindAt] = locate(object, ['kind']);
  const [nameAt] = locate(object, ['metadata', 'name']);
  const text = object.chunk.text;
  const between = (from: number, to: number) => (text.slice(Math.min(from, to), Math.max(from, to)).match(/\n/g) ?? []).length * Math.sign(to - from);
  return object.range.start.line + 1 + between(kindAt, nameAt);
}

export function finding(object: KubernetesObject, rule: KubernetesRule, path: Path, message: string, options: { part?: 'key' | 'value'; severity?: SeverityName; data?: unknown } = {}): Finding {
  const [start, end] = locate(object, path, options.part);
  return { start, end, message, code: rule.info.id, severity: options.severity, data: options.data };
}

/** `Kind/name` (and namespace when set), as messages name objects. */
export function describe(object: Pick<KubernetesObject, 'kind' | 'name' | 'namespace'>): string {
  return t('{0} "{1}"{2}', object.kind, object.name ?? t('(unnamed)'), object.namespace ? t(' in namespace "{0}"', object.namespace) : '');
}
