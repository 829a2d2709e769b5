// How long a 200-node generated diagram takes to appear, measured in the webview test layer and
// reported (test-results/webviews/performance.json and the test output); no assertion on time.
// From the command's point of view: the server generates the Mermaid text, the panel's page loads
// (the bundle with Mermaid), then the page draws. Each step is timed, three times.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDiagram } from '../../server/src/diagrams/index';
import { defaultSettings } from '../../server/src/settings';
import { SCREENSHOT_DIR, WebviewHarness } from './harness';
import { indexOf } from './fixtures';
import { rendered, renderPanel } from './panels';

/** 50 applications, each a Deployment reading a ConfigMap, selected by a Service, scaled by an HPA: 200 objects. */
function workspace(apps: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < apps; i++) {
    const name = `app-${String(i).padStart(2, '0')}`;
    const ns = `team-${i % 5}`;
    files[`k8s/${name}.yaml`] = [
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: main\n          image: registry.example/${name}:1.0\n          envFrom: [{configMapRef: {name: ${name}-config}}]\n`,
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80}]\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}-config, namespace: ${ns}}\ndata: {LEVEL: info}\n`,
      `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n  maxReplicas: 4\n`,
    ].join('---\n');
  }
  return files;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('diagram performance: a 200-node generated diagram', function () {
  this.timeout(180_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('is generated, loaded and drawn; the times are reported', async () => {
    const runs: { generateMs: number; pageLoadMs: number; drawMs: number; pageDrawMs: number; totalMs: number }[] = [];
    let nodes = 0;
    for (let run = 0; run < 3; run++) {
      const { index } = indexOf(workspace(50));
      let t = performance.now();
      const diagram = generateDiagram('k8s', index, defaultSettings);
      const generateMs = performance.now() - t;
      assert.equal(diagram.nodes, 200);
      t = performance.now();
      const view = await renderPanel(harness, 'diagram', { viewport: { width: 1400, height: 900 } });
      const pageLoadMs = performance.now() - t;
      t = performance.now();
      const since = view.messages.length;
      await view.post({ type: 'diagram', origin: { kind: 'generated', diagram: 'k8s' }, title: diagram.title, mermaid: diagram.mermaid, sources: diagram.sources });
      const summary = await rendered(view, since, 60_000);
      const drawMs = performance.now() - t;
      assert.equal(summary.ok, true);
      nodes = Number(summary.nodes);
      runs.push({ generateMs, pageLoadMs, drawMs, pageDrawMs: Number(summary.ms), totalMs: generateMs + pageLoadMs + drawMs });
      if (run === 0) await view.screenshot('diagram 200 nodes');
      await view.close();
    }
    assert.equal(nodes, 200);
    const report = {
      nodes,
      edges: 150,
      runs: runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]))),
      median: Object.fromEntries((['generateMs', 'pageLoadMs', 'drawMs', 'pageDrawMs', 'totalMs'] as const).map((k) => [k, Math.round(median(runs.map((r) => r[k])))])),
      note: 'generate: server-side Mermaid text; pageLoad: new page with the diagram bundle (Mermaid included) until ready; draw: message to drawn (Mermaid render + insertion); total ≈ from the command to the diagram on screen, without VS Code opening the webview.',
    };
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(path.join(SCREENSHOT_DIR, 'performance.json'), JSON.stringify(report, null, 2));
    console.log(`      200-node diagram, median of 3: generate ${report.median.generateMs} ms, page load ${report.median.pageLoadMs} ms, draw ${report.median.drawMs} ms (in page ${report.median.pageDrawMs} ms), total ${report.median.totalMs} ms`);
  });
});
