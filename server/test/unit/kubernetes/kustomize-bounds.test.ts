// kustomize's fan-out bounded (issue #84): kustomize builds a kustomization again for every path that lists
// it (kubectl kustomize 1.34 shares nothing: a diamond of 4 prefixed overlays per level took 2 s at 4
// levels, 15 s at 5, 303 s at 6), so a diamond of 14 levels of 4 overlays each listing the next four (57
// tiny files) held `archipel check` and `diagram system` past 120 s. Its build is counted first, in linear
// time, and past the bounds not made: one k8s-kustomize-limit on the top kustomization. Remote entries and
// paths outside the workspace get a word of their own (k8s-kustomize-not-read), not "does not exist".
import assert from 'node:assert/strict';
import path from 'node:path';
import { KubernetesGraph } from '../../../src/kubernetes/model/objects';
import { kustomizeBuild, kustomizeFanOut } from '../../../src/kubernetes/model/kustomizeBuild';
import { checkFiles } from '../../../src/platform/project';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures } from '../../helpers';
import { makeTree } from '../../tempdir';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n';

/** `levels` levels of 4 overlays, each listing the four of the next level (the last: the base), under a top kustomization; `prefixed`: each overlay its own namePrefix. */
function diamond(levels: number, prefixed = false): Record<string, string> {
  const folder = (level: number, i: number) => `l${level}-${i}`;
  const files: Record<string, string> = { 'base/kustomization.yaml': 'resources:\n- deploy.yaml\n', 'base/deploy.yaml': deployment };
  for (let level = 0; level < levels; level++) {
    for (let i = 0; i < 4; i++) {
      const listed = level === levels - 1 ? ['../base'] : [0, 1, 2, 3].map((j) => `../${folder(level + 1, j)}`);
      files[`${folder(level, i)}/kustomization.yaml`] = `${prefixed ? `namePrefix: p${i}-\n` : ''}resources:\n${listed.map((entry) => `- ${entry}\n`).join('')}`;
    }
  }
  files['kustomization.yaml'] = `resources:\n${[0, 1, 2, 3].map((j) => `- ${folder(0, j)}\n`).join('')}`;
  return files;
}

/** What the diamond's build visits: the top, each overlay on each path, the base and its file on each path. */
function visitsOf(levels: number): number {
  let visits = 3; // the last level's overlay, the base, its file
  for (let level = levels - 2; level >= 0; level--) visits = 1 + 4 * visits;
  return 1 + 4 * visits;
}

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///ws/${name}`, text);
  return index;
}

const limit = (visits: string, objects: string) =>
  `kustomize build of this folder visits ${visits} resources and gathers ${objects} objects (a base is built again for every path listing it), past Archipel's bounds (10,000 visits, 20,000 objects): it is not built, and the system map draws its files as written.`;

describe('kustomize: fan-out bounded, remote and outside entries said (kubernetes/model/kustomizeBuild.ts)', function () {
  this.timeout(120_000);

  it('a diamond under the bounds (5 levels, prefixed: 1,024 Deployments, as kubectl kustomize gives) is built whole', () => {
    const graph = KubernetesGraph.of(indexOf(diamond(5, true)));
    assert.deepEqual(kustomizeFanOut('file:///ws', graph), { visits: visitsOf(5), objects: 1024 });
    const built = kustomizeBuild('file:///ws', graph, () => undefined) ?? [];
    assert.equal(visitsOf(5), 3413);
    assert.equal(built.length, 1024);
    assert.equal(new Set(built.map((o) => (o.value.metadata as { name: string }).name)).size, 1024);
    assert.ok(built.some((o) => (o.value.metadata as { name: string }).name === 'p3-p0-p2-p1-p0-web'));
  });

  it('the diamond of 14 levels (57 files): counted, not built; archipel check finishes with one k8s-kustomize-limit on the top kustomization, naming its cost', async () => {
    const files = diamond(14);
    const graph = KubernetesGraph.of(indexOf(files));
    assert.deepEqual(kustomizeFanOut('file:///ws', graph), { visits: visitsOf(14), objects: 268_435_456 });
    assert.equal(kustomizeBuild('file:///ws', graph, () => undefined), undefined);
    const tree = makeTree(files);
    try {
      const names = Object.keys(files).sort();
      const results = await checkFiles(names.map((name) => path.join(tree.root, name)), allFeatures(), defaultSettings);
      const limits = results.flatMap((r) => r.diagnostics.filter((d) => d.code === 'k8s-kustomize-limit').map((d) => [path.relative(tree.root, r.path), d.range.start.line, d.message]));
      assert.deepEqual(limits, [['kustomization.yaml', 1, limit(visitsOf(14).toLocaleString('en-US'), '268,435,456')]]);
      assert.ok(results.every((r) => !r.diagnostics.some((d) => d.code === 'archipel-limit' || d.code === 'internal-error')));
    } finally {
      tree.remove();
    }
  });

  // The folders named from the workspace's root, never as the machine's paths (issue #92).
  it('a remote resource and a path outside the workspace: k8s-kustomize-not-read saying so, not "does not exist"; a missing path inside still k8s-kustomize-path', () => {
    const files = {
      'app/kustomization.yaml': 'resources:\n- deploy.yaml\n- https://github.com/example/repo//k8s?ref=v1\n- ../../../shared/base\n- missing.yaml\n',
      'app/deploy.yaml': deployment,
    };
    const index = indexOf(files);
    const diagnostics = diagnoseFile(index.get('file:///ws/app/kustomization.yaml')!, allFeatures(), { index, settings: defaultSettings, isCancelled: () => false, roots: ['/ws'] });
    const kustomize = diagnostics.filter((d) => String(d.code).startsWith('k8s-kustomize')).map((d) => [d.range.start.line, d.code, d.severity, d.message]);
    assert.deepEqual(kustomize, [
      [2, 'k8s-kustomize-not-read', 3, 'Remote resource not read: "https://github.com/example/repo//k8s?ref=v1" is fetched by kustomize at build time; Archipel reads only the workspace, so the objects it gives are neither checked nor drawn.'],
      [3, 'k8s-kustomize-not-read', 3, '"../../../shared/base" is outside the workspace (../shared/base): Archipel reads only the workspace, so what it gives is neither checked nor drawn (kustomize reads it at build time).'],
      [4, 'k8s-kustomize-path', 1, 'Resource "missing.yaml" does not exist (relative to app/).'],
    ]);
  });
});
