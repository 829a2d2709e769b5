/**
 * The policy family in the editor and in `archipel check` (#96): on each policy, its own syntax and schema
 * (checks/policySyntax.ts); on each file's other Kubernetes objects, the workspace's policies (checks/live.ts), each
 * violation on the object's line. A kyverno test's input manifests (beside a kyverno-test.yaml) are what `archipel policy
 * test` applies the policies to: not objects of the workspace, no policy is evaluated on them here.
 */
import type { Feature, PlacedFinding } from '../features/feature';
import { isPolicyTestInput, KubernetesGraph, kubernetesObjects } from '../kubernetes/api';
import { hasPolicies, policyFindings, policySetOf, POLICY_KINDS } from './checks/live';
import { policySyntaxFindings } from './checks/policySyntax';

const KYVERNO_TEST = '/kyverno-test.yaml';
const testsKey = Symbol('policy-test-folders');

/** The folders holding a kyverno test (once per graph). */
function testFolders(graph: KubernetesGraph): ReadonlySet<string> {
  return graph.derived(testsKey, () => new Set([...graph.files].filter((uri) => uri.endsWith(KYVERNO_TEST)).map((uri) => uri.slice(0, -KYVERNO_TEST.length))));
}

const isPolicyKind = (kind: string): boolean => (POLICY_KINDS as readonly string[]).includes(kind);

export function policyFeature(): Feature {
  return {
    id: 'policy',
    findings(file, context) {
      const objects = kubernetesObjects(file);
      const placed: PlacedFinding[] = [];
      if (objects.length === 0) return placed;
      for (const object of objects) if (isPolicyKind(object.kind)) for (const finding of policySyntaxFindings(object)) placed.push({ offset: object.offset, finding });
      if (objects.every((object) => isPolicyKind(object.kind))) return placed;
      const graph = KubernetesGraph.of(context.index);
      if (isPolicyTestInput(file.uri, testFolders(graph))) return placed;
      const set = policySetOf(graph);
      if (!hasPolicies(set)) return placed;
      for (const object of objects) {
        if (context.isCancelled()) break;
        for (const finding of policyFindings(object, set, context.isCancelled)) placed.push({ offset: object.offset, finding });
      }
      return placed;
    },
  };
}
