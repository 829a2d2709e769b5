// `archipel/costView` (issue #81) on a small workspace: a Deployment priced on the node type of archipel.yaml's cost
// section (its cost, kgCO2e and band), a CronJob of the map with no cost and its reason, a Compose host priced by the
// settings (not on the map), the total and the unpriced as priceIndex gives them.
import assert from 'node:assert/strict';
import { composeFace } from '../../../src/compose/api';
import { loadCarbon, loadPrices } from '../../../src/cost/host';
import { costViewRequests } from '../../../src/cost/register';
import { families } from '../../../src/families';
import { systemContributors } from '../../../src/families/descriptor';
import type { RequestContext, RequestRegistry } from '../../../src/features/requests';
import { kubernetesFace } from '../../../src/kubernetes/api';
import { CostViewRequest, type CostViewResult } from '../../../src/protocol/cost';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { systemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { repoRoot } from '../../helpers';

const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: checkout',
  '  namespace: shop',
  'spec:',
  '  replicas: 2',
  '  selector:',
  '    matchLabels: {app: checkout}',
  '  template:',
  '    metadata:',
  '      labels: {app: checkout}',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: ghcr.io/acme/checkout:1.0.0',
  '          resources:',
  '            requests: {cpu: "1", memory: 1Gi}',
  '            limits: {cpu: "1", memory: 1Gi}',
  '',
].join('\n');
const cronJob = [
  'apiVersion: batch/v1',
  'kind: CronJob',
  'metadata:',
  '  name: report',
  '  namespace: shop',
  'spec:',
  '  schedule: "0 2 * * *"',
  '  jobTemplate:',
  '    spec:',
  '      template:',
  '        spec:',
  '          restartPolicy: Never',
  '          containers:',
  '            - name: report',
  '              image: ghcr.io/acme/report:1.0.0',
  '              resources:',
  '                requests: {cpu: 500m, memory: 512Mi}',
  '                limits: {cpu: 500m, memory: 512Mi}',
  '',
].join('\n');
const config = 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n  compose: { machineType: e2-standard-2, region: europe-west1 }\n';
const compose = 'services:\n  web:\n    image: nginx:1.27\n';

/** `archipel/costView` answered over an index of the files, as the server's registry calls its handler. */
async function view(files: Record<string, string>, scope?: string): Promise<CostViewResult> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///w/${name}`, text);
  const contributions = systemContributors(families);
  let handler: ((params: unknown, context: RequestContext) => unknown) | undefined;
  const registry = { onRequest: (type: { method: string }, run: typeof handler) => (type.method === CostViewRequest.method ? (handler = run) : undefined), summarizeIndex: () => undefined } as unknown as RequestRegistry;
  costViewRequests(registry, { prices: () => loadPrices(repoRoot), carbon: () => loadCarbon(repoRoot), faces: { kubernetes: kubernetesFace, compose: composeFace }, ready: () => undefined, mapOf: (i) => systemModel(i, contributions) });
  const context = { index, workspaceFolders: ['/w'], workspaceReady: () => Promise.resolve(), settings: () => Promise.resolve(defaultSettings) } as unknown as RequestContext;
  return (await handler!(scope === undefined ? {} : { scope }, context)) as CostViewResult;
}

describe('archipel/costView: the Cost view of the System Map', () => {
  it('each component of the map with its cost, kgCO2e and band, the Compose host, the total and the unpriced with the reason', async () => {
    const result = await view({ 'archipel.yaml': config, 'k8s/checkout.yaml': deployment, 'k8s/report.yaml': cronJob, 'docker-compose.yml': compose });
    const { ms, components, ...rest } = result;
    assert.equal(typeof ms, 'number');
    assert.deepEqual(rest, {
      currency: 'USD',
      priceDate: '2026-11-26',
      // Each source the view's costs use with its own date, not the bundle's (#98).
      prices: [{ source: 'gce', date: '2026-07-30' }],
      totalMonthlyCost: 107.624572,
      totalMonthlyCo2eKg: 3.957076,
      bands: [{ band: 'low', from: 0 }, { band: 'medium', from: 10 }, { band: 'high', from: 100 }, { band: 'top', from: 1000 }],
      unpriced: [{ address: 'k8s:CronJob/shop/report', uri: 'file:///w/k8s/report.yaml', reason: 'a CronJob runs for hours the files do not say (usage: monthly_hrs)' }],
    });
    // The Deployment: 2 replicas × 1 vCPU = 0.5 of an e2-standard-4 (memory's 2/16 is smaller) × 730 h × $0.14743092.
    assert.deepEqual(
      components.map((c) => [c.id, c.kind, c.onMap, c.monthlyCost, c.monthlyCo2eKg, c.band, c.source ? `${c.source.uri}:${c.source.range.start.line + 1}` : '', c.includedIn ?? c.reason ?? '', (c.prices ?? []).map((p) => `${p.source} ${p.date}`).join(', ')]),
      [
        ['compose:docker-compose.yml', 'host', false, 53.812286, 1.978538, 'medium', 'file:///w/docker-compose.yml:1', '', 'gce 2026-07-30'],
        ['k8s:Deployment/shop/checkout', 'service', true, 53.812286, 1.978538, 'medium', 'file:///w/k8s/checkout.yaml:2', '', 'gce 2026-07-30'],
        ['k8s:CronJob/shop/report', 'job', true, null, null, 'none', 'file:///w/k8s/report.yaml:4', 'a CronJob runs for hours the files do not say (usage: monthly_hrs)', ''],
        // The Compose service runs on its file's host (priced by the settings).
        // The map's id as the panel's map names it: relative to the repository of the workspace folder (issue #92).
        ['compose:.:web', 'service', true, null, null, 'none', 'file:///w/docker-compose.yml:2', 'compose:docker-compose.yml', 'gce 2026-07-30'],
      ],
    );
  });
});
