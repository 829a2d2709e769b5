// A kustomize Component's strategic-merge `$patch: delete` (issue #79): what a Component the kustomization lists deletes is
// not in the render nor on the map, as `kubectl kustomize` (kustomize v5.5.0) renders it (recorded in
// server/test/fixtures/kustomize-component-delete/expected/app.yaml; the test does not need kubectl); a Component nothing
// lists deletes nothing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors } from '../../../src/features/system/contributor';
import { KubernetesGraph } from '../../../src/kubernetes/model/objects';
import { kustomizeBuild } from '../../../src/kubernetes/model/kustomizeBuild';
import { isObject, type JsonObject } from '../../../src/kubernetes/model/workloads';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { systemView } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';

const fixture = path.join(fixturesDir, 'kustomize-component-delete');
const ROOT = 'file:///ws';

function indexOf(): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const stack = [''];
  while (stack.length > 0) {
    const relative = stack.pop()!;
    for (const name of readdirSync(path.join(fixture, relative)).sort()) {
      const inner = relative ? `${relative}/${name}` : name;
      if (statSync(path.join(fixture, inner)).isDirectory()) {
        if (inner !== 'expected') stack.push(inner);
      } else if (name.endsWith('.yaml')) index.update(`${ROOT}/${inner}`, readFileSync(path.join(fixture, inner), 'utf8'));
    }
  }
  return index;
}

const kindsAndNames = (objects: JsonObject[]) => objects.map((o) => `${String(o.kind)}/${String(isObject(o.metadata) ? o.metadata.name : '')}`).sort();

describe('kustomize: a Component\'s `$patch: delete` (issue #79)', () => {
  it('the kustomization renders exactly what `kubectl kustomize` renders: the listed Component\'s deletions applied, the unlisted one\'s not', () => {
    const index = indexOf();
    const read = new Set<string>();
    const objects = kustomizeBuild(`${ROOT}/app`, KubernetesGraph.of(index), (uri) => index.get(uri)?.text, read);
    assert.ok(objects);
    const recorded = parseAllDocuments(readFileSync(path.join(fixture, 'expected', 'app.yaml'), 'utf8'), { logLevel: 'error' }).map((d) => d.toJS() as JsonObject);
    assert.deepEqual(objects.map((o) => o.value).sort((a, b) => kindsAndNames([a])[0].localeCompare(kindsAndNames([b])[0])), recorded.sort((a, b) => kindsAndNames([a])[0].localeCompare(kindsAndNames([b])[0])));
    assert.deepEqual(kindsAndNames(recorded), ['Deployment/api', 'Service/api']);
    // The file whose objects the Component deleted is the build's: never drawn again as plain manifests.
    assert.deepEqual([...read].sort(), [`${ROOT}/app/assistant.yaml`]);
  });

  it('the map: no assistant, no call to it, `api` as the kustomization renders it', async () => {
    const index = indexOf();
    const contributors = systemContributors(families);
    await prepareContributors(contributors, index);
    const model = buildSystemModel(index, contributors);
    assert.deepEqual(model.nodes.filter((n) => n.id.startsWith('k8s:') || n.kind === 'image').map((n) => `${n.kind} ${n.id}`).sort(), [
      'endpoint k8s:Service//api',
      'image image:ghcr.io/acme/api',
      'service k8s:Deployment//api',
    ]);
    const view = systemView(model, 'containers', 'ws');
    assert.deepEqual(view.nodes.filter((n) => n.kind !== 'person').map((n) => `${n.kind} ${n.name}`).sort(), ['service api']);
    assert.deepEqual(view.edges.map((e) => `${e.from} ${e.kind} ${e.to}`), []);
  });
});
