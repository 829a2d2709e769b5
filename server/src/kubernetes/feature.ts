import type { Finding } from '../common/findings';
import type { KnownPin } from '../features/system/images';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import type { ArchipelSettings } from '../settings';
import { codeActions } from './editor/codeActions';
import { kubernetesCompletion } from './editor/completion';
import { filledByKustomize, kustomizeFacts } from './model/kustomize';
import { definition, documentSymbols, hover, references } from './editor/navigation';
import { kubernetesObjects, KubernetesGraph, type KubernetesObject } from './model/objects';
import type { KubernetesRule, RuleContext } from './checks/context';
import { imageTagRule } from './checks/hygiene';
import { kubernetesRules } from './checks/index';
import { get, isObject } from './model/workloads';
import { kindKey } from './model/manifest';
import type { WorkspaceIndex } from '../workspace/index';
import type { KubernetesValidator } from './checks/validate';

/**
 * The rules of a scope that can say something of an object of a kind, in their order: a rule that
 * declares its kinds answers nothing for the others, so it is not asked (a 500-object file asked
 * each of its objects every rule).
 */
function rulesByKind(rules: readonly KubernetesRule[]): (kind: string) => readonly KubernetesRule[] {
  const byKind = new Map<string, readonly KubernetesRule[]>();
  return (kind) => {
    let list = byKind.get(kind);
    if (!list) byKind.set(kind, (list = rules.filter((rule) => !rule.kinds || rule.kinds.includes(kind))));
    return list;
  };
}

const objectRules = rulesByKind(kubernetesRules.filter((r) => r.scope === 'object'));
const workspaceRules = rulesByKind(kubernetesRules.filter((r) => r.scope === 'workspace'));
/** Rules that say what an object lacks: not asked of a kustomize patch (KubernetesRule.absence). */
const absenceRules = new Set(kubernetesRules.filter((r) => r.absence).map((r) => r.info.id));

const ignorePrefix = 'ignore-check.kube-linter.io/';

/** kube-linter's per-object opt-out: `ignore-check.kube-linter.io/<check>` annotations (undefined: none). */
function kubeLinterIgnored(object: KubernetesObject): Set<string> | undefined {
  const annotations = get(object.value, ['metadata', 'annotations']);
  let ignored: Set<string> | undefined;
  if (isObject(annotations)) for (const key of Object.keys(annotations)) if (key.startsWith(ignorePrefix)) (ignored ??= new Set()).add(key.slice(ignorePrefix.length));
  return ignored;
}

function run(rules: readonly KubernetesRule[], object: KubernetesObject, context: FeatureContext, graph: KubernetesGraph | undefined): Finding[] {
  const ignored = kubeLinterIgnored(object);
  const ruleContext: RuleContext = { graph: graph as KubernetesGraph, settings: context.settings, roots: context.roots };
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (context.settings.rules[rule.info.id] === 'off') continue;
    if (ignored && rule.kubeLinter?.some((check) => ignored.has(check))) continue;
    for (const finding of rule.check(object, ruleContext)) findings.push(finding);
  }
  return findings;
}

const objectFindingsKey = Symbol('k8s-object-rules');

/** Object-scope findings depend on the document and the settings only: cached per chunk and settings. */
function objectFindings(object: KubernetesObject, context: FeatureContext): Finding[] {
  let bySettings = object.chunk.cache.get(objectFindingsKey) as WeakMap<ArchipelSettings, Finding[]> | undefined;
  if (!bySettings) object.chunk.cache.set(objectFindingsKey, (bySettings = new WeakMap()));
  let findings = bySettings.get(context.settings);
  if (!findings) bySettings.set(context.settings, (findings = run(objectRules(object.kind), object, context, undefined)));
  return findings;
}

/**
 * The idle work after the first scan (Feature.warm): the workspace's graph, which a manifest's first findings read
 * (patched, not rebuilt, when the opened file's version changes it), then the validators of the kinds it holds.
 */
function* warmKinds(validator: KubernetesValidator, index: WorkspaceIndex): Generator<unknown> {
  const graph = KubernetesGraph.of(index);
  const keys = new Set<string>();
  for (const kind of graph.kinds()) for (const object of graph.ofKind(kind)) keys.add(kindKey(object.apiVersion, object.kind));
  if (keys.size === 0) return;
  yield;
  yield* validator.warm(keys);
}

/** Kubernetes manifests, recognised by content (`apiVersion` + `kind`), never by folder; `withKnownPin`: an unpinned image's fix from the workspace's other pins. */
export function kubernetesFeature(validator: KubernetesValidator, withKnownPin: KnownPin): Feature {
  return {
    id: 'kubernetes',
    findings(file, context) {
      const yaml = file.yaml;
      if (!yaml) return [];
      const placed: PlacedFinding[] = [];
      const objects = kubernetesObjects(file);
      const graph = objects.length > 0 ? KubernetesGraph.of(context.index) : undefined;
      for (const { offset, chunk } of yaml.chunks) {
        if (context.isCancelled()) return placed;
        const kind = (chunk.value as { kind?: unknown } | undefined)?.kind;
        for (const finding of validator.findings(chunk)) {
          if (graph && finding.data && filledByKustomize(graph, file.uri, typeof kind === 'string' ? kind : undefined, finding.data)) continue;
          placed.push({ offset, finding });
        }
      }
      if (!graph) return placed;
      // A patch a kustomization lists holds only what it changes: what it lacks, the object it patches has.
      const patch = kustomizeFacts(graph).patchFiles.has(file.uri);
      for (const object of objects) {
        if (context.isCancelled()) break;
        for (const finding of objectFindings(object, context)) {
          if (patch && absenceRules.has(finding.code)) continue;
          // The pin the workspace gives the image elsewhere depends on other files: added after the per-chunk cache.
          const pinned = finding.code === imageTagRule.info.id ? withKnownPin(finding, file.text.slice(object.offset + finding.start, object.offset + finding.end), context.index) : finding;
          placed.push({ offset: object.offset, finding: pinned });
        }
        const crossFile = graph.findingsFor(object.chunk, context.settings, () => run(workspaceRules(object.kind), object, context, graph));
        for (const finding of crossFile) placed.push({ offset: object.offset, finding });
      }
      return placed;
    },
    warm: (index) => warmKinds(validator, index),
    completion(file, offset, context) {
      const yaml = file.yaml;
      return yaml ? kubernetesCompletion(yaml, offset, validator.engine, KubernetesGraph.of(context.index)) : [];
    },
    hover: (file, offset, context) => hover(file, offset, context, validator.engine),
    documentSymbols: (file) => documentSymbols(file),
    definition,
    references,
    codeActions: (file, _range, diagnostics, context) => codeActions(file, diagnostics, context),
  };
}
