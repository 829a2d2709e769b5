// What `archipel cost` keeps of a summarised manifest (issue #81): its workloads' and HPAs' priced parts, from the one
// parse that indexes the file (kubernetes/api keepingSummarizer with cost/workloads pricedObject); no other object, and a
// file `check` keeps whole stays whole.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserialize } from 'node:v8';
import { allKubernetesObjects } from '../../../src/kubernetes/api';
import { pricedSummarizer } from '../../../src/cost/summary';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { indexRead } from '../../../src/workspace/summaries';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { readForIndex } from '../../../src/platform/indexThreadRead';
import { makeTree } from '../../tempdir';

const manifest = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: { name: api-config, namespace: shop }',
  'data: { LOG_LEVEL: info }',
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: a-deployment-with-a-long-name',
  '  namespace: shop',
  '  labels: { app: api }',
  'spec:',
  '  replicas: 2',
  '  revisionHistoryLimit: 5',
  '  selector: { matchLabels: { app: api } }',
  '  template:',
  '    metadata: { labels: { app: api } }',
  '    spec:',
  '      serviceAccountName: api',
  '      containers:',
  '        - name: a-container-with-a-long-name',
  '          image: api:1',
  '          ports: [{ containerPort: 8080 }]',
  '          resources: { requests: { cpu: 50m, memory: 64Mi }, limits: { cpu: 500m } }',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: { name: api, namespace: shop }',
  'spec: { selector: { app: api }, ports: [{ port: 80 }] }',
  '---',
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata: { name: api, namespace: shop }',
  'spec:',
  '  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: a-deployment-with-a-long-name }',
  '  minReplicas: 2',
  '  maxReplicas: 7',
  '  metrics: [{ type: Resource }]',
  '',
].join('\n');

describe('cost: a summarised manifest keeps its priced parts only', () => {
  it('keeps the Deployment and the HPA, their identity, line and priced fields; drops the ConfigMap and the Service', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const uri = 'file:///repo/apps/api.yaml';
    const entry = indexRead(index, uri, manifest, { context: true }, pricedSummarizer);
    assert.equal(entry.skipped, 'summary');
    assert.equal(entry.text, '');
    const kept = [...allKubernetesObjects(index)];
    assert.deepEqual(kept.map((o) => [o.kind, o.namespace, o.name, o.document, o.range.start.line + 1]), [
      ['Deployment', 'shop', 'a-deployment-with-a-long-name', 1, 7],
      ['HorizontalPodAutoscaler', 'shop', 'api', 3, 32],
    ]);
    assert.deepEqual(kept[0].value, {
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'a-container-with-a-long-name', resources: { requests: { cpu: '50m', memory: '64Mi' } } }], initContainers: undefined } } },
    });
    assert.deepEqual(kept[1].value, { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'a-deployment-with-a-long-name' }, minReplicas: 2, maxReplicas: 7 } });
    assert.equal(kept[0].chunk, undefined);
  });

  it('keeps whole what `check` keeps whole (a kustomization, a custom resource beside a workload)', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const summarizer = pricedSummarizer;
    const custom = `${manifest}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n`;
    assert.equal(indexRead(index, 'file:///repo/apps/custom.yaml', custom, { context: true }, summarizer).skipped, undefined);
    assert.equal(indexRead(index, 'file:///repo/apps/kustomization.yaml', 'resources: [api.yaml]\n', { context: true }, summarizer).skipped, undefined);
    assert.deepEqual([...allKubernetesObjects(index)].map((o) => o.kind), ['ConfigMap', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'Widget', 'Kustomization']);
  });

  it('summarises on an index thread as here: the thread names it (`cost`), its saved rows restored to the same objects', () => {
    const { root, remove } = makeTree({ 'apps/api.yaml': manifest });
    try {
      const file = path.join(root, 'apps', 'api.yaml');
      const uri = pathToFileURL(file).href;
      const [result] = readForIndex({ files: [file], maxBytes: 1024 * 1024, summarizer: 'cost' });
      assert.equal(result.kind, 'summary');
      const restored = result.kind === 'summary' ? pricedSummarizer.restore?.(uri, deserialize(result.bytes)) : undefined;
      assert.equal(restored?.skipped, 'summary');
      const here = new WorkspaceIndex(indexOptions(defaultSettings));
      indexRead(here, uri, manifest, { context: true }, pricedSummarizer);
      const thread = new WorkspaceIndex(indexOptions(defaultSettings));
      if (restored) thread.put(restored);
      assert.deepEqual([...allKubernetesObjects(thread)], [...allKubernetesObjects(here)]);
      assert.equal([...allKubernetesObjects(thread)].length, 2);
    } finally {
      remove();
    }
  });
});
