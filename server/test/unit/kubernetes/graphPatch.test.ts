// The Kubernetes graph patched after an edit (kubernetes/model/objects.ts KubernetesGraph.patched) gives
// the tables and the findings of a graph made anew, over random edits of a small monorepo: labels
// and selectors changed, names renamed or duplicated, replicas changed (no cross-file fact), kinds
// swapped, documents added or dropped, files added and removed.
import { familyFiles } from '../../../src/families/index';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KubernetesGraph } from '../../../src/kubernetes/model/objects';
import { collectFiles } from '../../../src/platform/project';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, repoRoot } from '../../helpers';

const load = createRequire(__filename);
const monorepo = load(path.join(repoRoot, 'bench', 'lib', 'monorepo.cjs')) as { generateMonorepo(dir: string, options: { files: number; adrs?: number }): unknown };

const settings = normalizeSettings({ ...defaultSettings });

/** The graph's tables as plain data: kinds in order, each kind's objects in order, each name's objects. */
function tables(graph: KubernetesGraph): string {
  const id = (o: { uri: string; document: number }) => `${o.uri.slice(-40)}#${o.document}`;
  const kinds = graph.kinds().map((kind) => [kind, graph.ofKind(kind).map(id)]);
  const names = graph.kinds().flatMap((kind) => [...new Set(graph.ofKind(kind).map((o) => o.name))].map((name) => [kind, name, graph.named(kind, name ?? '').map(id)]));
  return JSON.stringify([kinds, names, [...graph.files].length, [...graph.folders].sort()]);
}

describe('the Kubernetes graph patched after an edit', function () {
  this.timeout(120000);

  it('gives the tables and findings of a graph made anew, over 150 random edits', async function () {
    const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-graph-'));
    try {
      monorepo.generateMonorepo(root, { files: 40, adrs: 2 });
      const files = (await collectFiles([root], settings, familyFiles())).files.filter((f) => f.endsWith('.yaml'));
      const texts = new Map(files.map((file) => [pathToFileURL(file).href, readFileSync(file, 'utf8')]));
      const features = allFeatures();
      const edited = new WorkspaceIndex(indexOptions(settings));
      for (const [uri, text] of texts) edited.update(uri, text);
      const context = (index: WorkspaceIndex) => ({ index, settings, isCancelled: () => false });
      const findings = (index: WorkspaceIndex) => [...index.files()].flatMap((file) => diagnoseFile(file, features, context(index)).map((d) => `${file.uri.slice(-40)}:${d.range.start.line} ${String(d.code)} ${d.message}`));
      KubernetesGraph.of(edited);
      const uris = [...texts.keys()];
      let seed = 31;
      const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
      const edits: ((text: string) => string)[] = [
        (t) => t.replace(/app\.kubernetes\.io\/name: (\S+)/, (_, v: string) => `app.kubernetes.io/name: ${v}x`),
        (t) => t.replace(/replicas: \d+/, `replicas: ${1 + random(5)}`),
        (t) => t.replace(/name: (\S+)-config/, 'name: shared-config'),
        (t) => t.replace(/kind: ConfigMap/, 'kind: Secret'),
        (t) => t.replace(/kind: Secret/, 'kind: ConfigMap'),
        (t) => t.replace(/\n---\n[\s\S]*$/, '\n'),
        (t) => `${t}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-${random(4)}\n  namespace: ns-00001\ndata:\n  k: v\n`,
        (t) => t.replace(/kind: HorizontalPodAutoscaler/, 'kind: PodDisruptionBudget'),
      ];
      const patchesBefore = KubernetesGraph.patches;
      for (let step = 0; step < 150; step++) {
        if (step % 25 === 24) {
          // A file added, then one removed: the graph is made anew.
          const extra = `file://${root}/apps/extra-${step}.yaml`;
          edited.update(extra, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-${step}\n  namespace: ns-00002\n`);
          texts.set(extra, edited.get(extra)?.text ?? '');
          const gone = uris[random(uris.length)];
          edited.remove(gone);
          texts.delete(gone);
          uris.splice(uris.indexOf(gone), 1);
        } else {
          for (let n = 1 + random(3); n > 0; n--) {
            const uri = uris[random(uris.length)];
            const text = edits[random(edits.length)](texts.get(uri) ?? '');
            texts.set(uri, text);
            edited.update(uri, text);
          }
        }
        const fresh = new WorkspaceIndex(indexOptions(settings));
        for (const file of edited.files()) fresh.update(file.uri, texts.get(file.uri) ?? '');
        assert.equal(tables(KubernetesGraph.of(edited)), tables(KubernetesGraph.of(fresh)), `step ${step}`);
        if (step % 10 === 0) assert.deepEqual(findings(edited), findings(fresh), `step ${step}`);
      }
      assert.ok(KubernetesGraph.patches - patchesBefore > 100, `${KubernetesGraph.patches - patchesBefore} of 150 graphs were patched`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it('is compared with the last graph by its signature only when it holds the same files in the same order', function () {
    const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: ${name}, image: ${name}:1}]}\n`;
    const index = new WorkspaceIndex(indexOptions(settings));
    const fill = (names: string[]) => {
      for (const file of [...index.files()]) index.remove(file.uri);
      for (const name of names) index.update(`file:///ws/${name}.yaml`, deployment(name));
      return KubernetesGraph.of(index);
    };
    fill(['a', 'b']);
    const before = KubernetesGraph.signatures;
    // Another slice's files, as many (a threaded check's index filled again): different files, no signature made.
    fill(['c', 'd']);
    assert.equal(KubernetesGraph.signatures, before);
    // The same files again in the same order (a scan that read them anew): both signatures made and compared.
    fill(['c', 'd']);
    assert.equal(KubernetesGraph.signatures, before + 2);
    fill(['d', 'c']);
    assert.equal(KubernetesGraph.signatures, before + 2);
  });
});
