/**
 * The policy family in the editor and in `archipel check` (#96): on each policy, its own syntax and schema
 * (checks/policySyntax.ts); on each file's other Kubernetes objects, the workspace's policies (checks/live.ts), each
 * violation on the object's line; on a chart's template, the objects it renders (the Helm family's face), each violation
 * on the template's line that wrote the failing value; on what a kustomization builds, what the build makes its objects
 * violate (checks/builds.ts), on the patch that made it. A kyverno test's input manifests (beside a kyverno-test.yaml) are
 * what `archipel policy test` applies the policies to: not objects of the workspace, no policy is evaluated on them here.
 * On a Terraform file, the objects its Kubernetes provider's resources create (the Terraform family's face,
 * checks/terraform.ts), each violation on the HCL that wrote the failing value.
 */
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import { isPolicyTestInput, KubernetesGraph, kubernetesObjects } from '../kubernetes/api';
import { hasPolicies, policyFindings, policySetOf, POLICY_KINDS } from './checks/live';
import { buildsOf } from './checks/builds';
import { terraformFindings } from './checks/terraform';
import { YAML_FILE } from '../common/ownFiles';
import { policySyntaxFindings } from './checks/policySyntax';
import type { PolicyFaces } from './faces';

const KYVERNO_TEST = '/kyverno-test.yaml';
const testsKey = Symbol('policy-test-folders');

/** The folders holding a kyverno test (once per graph). */
function testFolders(graph: KubernetesGraph): ReadonlySet<string> {
  return graph.derived(testsKey, () => new Set([...graph.files].filter((uri) => uri.endsWith(KYVERNO_TEST)).map((uri) => uri.slice(0, -KYVERNO_TEST.length))));
}

const isPolicyKind = (kind: string): boolean => (POLICY_KINDS as readonly string[]).includes(kind);

/** The policies' findings on the objects a chart's template renders, placed on the template's lines. */
function templateFindings(file: IndexedFile, context: FeatureContext, helm: PolicyFaces['helm']): PlacedFinding[] {
  if (!helm) return [];
  const graph = KubernetesGraph.of(context.index);
  const set = policySetOf(graph);
  // Before the render: a workspace without a policy renders nothing more for this family.
  if (!hasPolicies(set) || isPolicyTestInput(file.uri, testFolders(graph))) return [];
  const rendered = helm.renderedTemplate(context.index, file.uri, context.settings);
  if (!rendered) return [];
  const placed: PlacedFinding[] = [];
  for (const object of kubernetesObjects(rendered.file)) {
    if (context.isCancelled()) break;
    for (const finding of policyFindings(object, set, context.isCancelled)) {
      const [start, end] = rendered.toTemplate(object.offset + finding.start, object.offset + finding.end);
      placed.push({ offset: 0, finding: { ...finding, start, end } });
    }
  }
  return placed;
}

/** `faces`: the run's other families' (Family.faces), a chart's render among them. */
export function policyFeature(faces: PolicyFaces = {}): Feature {
  return {
    id: 'policy',
    // A chart's templates are read for the objects they render (templateFindings), never as YAML.
    readsTemplates: true,
    // Its family's YAML files, and with the run's Terraform family the configuration files (their resources' objects).
    takes: (file) => YAML_FILE.test(file.uri) || (faces.terraform?.isConfig(file.uri) ?? false),
    findings(file, context) {
      if (file.skipped === 'template') return templateFindings(file, context, faces.helm);
      if (faces.terraform && !YAML_FILE.test(file.uri)) return file.skipped ? [] : terraformFindings(file, context, faces.terraform);
      const objects = kubernetesObjects(file);
      const placed: PlacedFinding[] = [];
      if (objects.length === 0) return placed;
      for (const object of objects) if (isPolicyKind(object.kind)) for (const finding of policySyntaxFindings(object)) placed.push({ offset: object.offset, finding });
      if (objects.every((object) => isPolicyKind(object.kind))) return placed;
      const graph = KubernetesGraph.of(context.index);
      if (isPolicyTestInput(file.uri, testFolders(graph))) return placed;
      const set = policySetOf(graph);
      if (!hasPolicies(set)) return placed;
      const built = buildsOf(graph, set, (uri) => context.index.get(uri)?.text);
      // A kustomize patch is no object as written: what its builds make of it is said below.
      if (!built.patches.has(file.uri)) {
        for (const object of objects) {
          if (context.isCancelled()) break;
          for (const finding of policyFindings(object, set, context.isCancelled)) placed.push({ offset: object.offset, finding });
        }
      }
      // What a kustomize build makes of the objects (a patch here, a base's object there) and they do not violate as written.
      for (const found of built.findings.get(file.uri) ?? []) placed.push(found);
      return placed;
    },
  };
}
