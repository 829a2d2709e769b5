// kustomize's strategic-merge `$patch: delete` (issue #79): an object deleted by a patch (`patchesStrategicMerge` from a
// file, `patches` inline) is not in the overlay's render nor on the map, and a list item so deleted (a container) is
// gone with what it named. Against what `kubectl kustomize` (kustomize v5.5.0) rendered for the fixture, recorded in it
// (server/test/fixtures/kustomize-patch-delete/expected/prod.yaml; the test does not need kubectl).
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

const fixture = path.join(fixturesDir, 'kustomize-patch-delete');
const ROOT = 'file:///ws';

function indexOf(): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const relative = path.relative(fixture, file).split(path.sep).join('/');
      if (statSync(file).isDirectory()) {
        if (relative !== 'expected') walk(file);
      } else if (name.endsWith('.yaml')) index.update(`${ROOT}/${relative}`, readFileSync(file, 'utf8'));
    }
  };
  walk(fixture);
  return index;
}

/** Objects by kind and name, for a comparison that does not depend on kustomize's output order. */
const byKindAndName = (objects: JsonObject[]) => objects.map((o) => [`${String(o.kind)}/${String(isObject(o.metadata) ? o.metadata.name : '')}`, o] as const).sort(([a], [b]) => a.localeCompare(b));

describe('kustomize `$patch: delete` (issue #79)', () => {
  it('the overlay renders exactly what `kubectl kustomize` renders: the deleted Deployment and Service gone, the deleted container gone', () => {
    const index = indexOf();
    const objects = kustomizeBuild(`${ROOT}/overlays/prod`, KubernetesGraph.of(index), (uri) => index.get(uri)?.text);
    assert.ok(objects);
    const recorded = parseAllDocuments(readFileSync(path.join(fixture, 'expected', 'prod.yaml'), 'utf8'), { logLevel: 'error' }).map((d) => d.toJS() as JsonObject);
    assert.deepEqual(byKindAndName(objects.map((o) => o.value)), byKindAndName(recorded));
    assert.deepEqual(byKindAndName(recorded).map(([key]) => key), ['Deployment/api', 'Service/api']);
  });

  it('the map of the overlay: no debug-tools, no log shipper, no call either made', async () => {
    const index = indexOf();
    const contributors = systemContributors(families);
    await prepareContributors(contributors, index);
    const model = buildSystemModel(index, contributors);
    const view = systemView(model, 'containers', 'ws');
    assert.deepEqual(view.nodes.filter((n) => n.kind !== 'person').map((n) => `${n.kind} ${n.name}`).sort(), ['service api']);
    assert.deepEqual(view.edges.map((e) => `${e.from} ${e.kind} ${e.to}`), []);
    assert.deepEqual(model.nodes.filter((n) => n.kind === 'image').map((n) => n.name).sort(), ['ghcr.io/acme/api']);
  });
});
