import assert from 'node:assert/strict';
import { families } from '../../../src/families';
import { systemContributors } from '../../../src/families/descriptor';
import type { RequestContext, RequestRegistry } from '../../../src/features/requests';
import { SloViewRequest, type SloViewResult } from '../../../src/protocol/slo';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { sloViewRequests } from '../../../src/slo/register';
import { systemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/${name}:1.0.0\n`;
const spec = [
  '# The shop\'s SLOs',
  'version: prometheus/v1',
  'service: checkout',
  'slos:',
  '  - name: availability',
  '    objective: 99.9',
  '    description: Payments answered',
  '    sli: {raw: {error_ratio_query: "x[{{.window}}]"}}',
  '    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}',
  '---',
  'version: prometheus/v1',
  'service: ghost',
  'slos:',
  '  - name: latency',
  '    objective: 99',
  '    sli: {raw: {error_ratio_query: "y[{{.window}}]"}}',
  '    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}',
  '',
].join('\n');

/** `archipel/sloView` answered over an index of the files, as the server's registry calls its handler. */
async function view(files: Record<string, string>): Promise<SloViewResult> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///w/${name}`, text);
  const contributions = systemContributors(families);
  let handler: ((params: unknown, context: RequestContext) => unknown) | undefined;
  const registry = { onRequest: (type: { method: string }, run: typeof handler) => (type.method === SloViewRequest.method ? (handler = run) : undefined), summarizeIndex: () => undefined } as unknown as RequestRegistry;
  sloViewRequests(registry, { mapOf: (i) => systemModel(i, contributions) });
  const context = { index, workspaceReady: () => Promise.resolve(), settings: () => Promise.resolve(defaultSettings) } as unknown as RequestContext;
  return (await handler!({}, context)) as SloViewResult;
}

describe('archipel/sloView: the SLO view of the System Map', () => {
  it("each component with the objectives its service's specs give it, those with none, and the SLOs of no component", async () => {
    const result = await view({ 'k8s/checkout.yaml': deployment('checkout'), 'k8s/search.yaml': deployment('search'), 'slos/shop.yml': spec });
    assert.deepEqual(
      result.components.map((c) => `${c.id} ${c.sources.map((s) => `${s.uri}:${s.range.start.line + 1}`).join(' ')}: ${c.objectives.map((o) => `${o.slo} ${o.objective}% ${o.uri}:${o.range.start.line + 1}`).join(', ') || 'none'}`),
      ['k8s:Deployment/shop/checkout file:///w/k8s/checkout.yaml:4: availability 99.9% file:///w/slos/shop.yml:5', 'k8s:Deployment/shop/search file:///w/k8s/search.yaml:4: none'],
    );
    assert.deepEqual(result.components[0].objectives[0].description, 'Payments answered');
    assert.deepEqual(
      result.unmatched.map((o) => `${o.service}/${o.slo} ${o.uri}:${o.range.start.line + 1}`),
      ['ghost/latency file:///w/slos/shop.yml:14'],
    );
    assert.equal(typeof result.ms, 'number');
  });

  it('a spec with errors is said, at its line, not a silent "0 components with service levels" (#94)', async () => {
    const broken = spec.replace('objective: 99.9', 'objective: 120');
    const result = await view({ 'k8s/checkout.yaml': deployment('checkout'), 'slos/shop.yml': broken });
    assert.deepEqual(result.components.map((c) => c.objectives.length), [0]);
    assert.deepEqual(result.errors.map((e) => `${e.uri}:${e.range.start.line + 1}: ${e.message}`), ['file:///w/slos/shop.yml:6: slos.0.objective: objective must be a number greater than 0 and at most 100']);
    assert.deepEqual((await view({ 'slos/shop.yml': spec })).errors, []);
  });

  it('a workspace without specs: every component without objectives; a spec without a map: all unmatched', async () => {
    const none = await view({ 'k8s/search.yaml': deployment('search'), 'notes.yml': 'version: 1\n' });
    assert.deepEqual([none.components.map((c) => [c.name, c.objectives.length]), none.unmatched], [[['search', 0]], []]);
    const alone = await view({ 'slos/shop.yml': spec });
    assert.deepEqual([alone.components, alone.unmatched.map((o) => o.slo)], [[], ['availability', 'latency']]);
  });
});
