// Views never cut (issue #79): PlantUML cuts a PNG at 4,096 px (PLANTUML_LIMIT_SIZE, which no directive of the text
// raises; microservices-demo's deployment view, 14,503 px wide, lost three quarters of its width), so the C4-PlantUML
// export says `scale max 4096*4096` (a larger drawing shrunk to fit, never cut) and lays the deployment view's groups
// out in rows; the SVG export is as large as what it draws (no bound). On a planted system of 150 services in three
// namespaces.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { systemText } from '../../../src/system/diagram';
import { buildSystemModel } from '../../../src/system/model';
import { PLANTUML_LIMIT } from '../../../src/system/plantuml';
import { systemView } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** 150 services in three namespaces, each behind its Service, each calling the next of its namespace (`calls`). */
function plantedModel(calls = true) {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const namespace of ['shop', 'billing', 'search']) {
    const docs: string[] = [];
    for (let i = 0; i < 50; i++) {
      const name = `${namespace}-service-${String(i).padStart(2, '0')}`;
      const next = `${namespace}-service-${String(i + 1).padStart(2, '0')}`;
      const env = calls && i < 49 ? `\n          env:\n            - name: NEXT_URL\n              value: http://${next}:8080` : '';
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/${name}:1.0\n          ports:\n            - containerPort: 8080${env}`);
      docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 8080`);
    }
    index.update(`file:///big/k8s/${namespace}.yaml`, `${docs.join('\n---\n')}\n`);
  }
  return buildSystemModel(index, systemContributors(families));
}

/** The size of a PNG (its IHDR). */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The size of an SVG PlantUML drew (its viewBox). */
function svgSize(svg: string): { width: number; height: number } {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  assert.ok(box, svg.slice(0, 300));
  return { width: Number(box[1]), height: Number(box[2]) };
}

const hasPlantUml = spawnSync('plantuml', ['-version'], { encoding: 'utf8' }).status === 0;

describe('System map: views never cut (issue #79)', function () {
  this.timeout(300_000);
  const model = plantedModel();

  it('C4-PlantUML: every view says `scale max 4096*4096`; the deployment view of 150 services lays each namespace out in rows of 10', () => {
    for (const name of ['containers', 'context', 'deployment', 'delivery'] as const) {
      const text = systemText(systemView(model, name, 'big'), 'plantuml');
      assert.ok(text.split('\n').includes(`scale max ${PLANTUML_LIMIT}*${PLANTUML_LIMIT}`), name);
    }
    const deployment = systemView(model, 'deployment', 'big');
    assert.equal(deployment.nodes.filter((n) => n.kind === 'service').length, 150);
    const text = systemText(deployment, 'plantuml');
    const hidden = text.split('\n').filter((l) => l.includes(' -[hidden]down- '));
    // Each namespace's 50 workloads and 50 Services in rows of 10: each box but the last row's has the one below it (3 × 90);
    // the cluster's three namespaces are one row.
    assert.deepEqual(deployment.groups.filter((g) => g.kind === 'namespace').map((g) => `${g.name}: ${deployment.nodes.filter((n) => n.group === g.id).length}`).sort(), ['namespace billing: 100', 'namespace search: 100', 'namespace shop: 100']);
    assert.equal(hidden.length, 270);
    // Written after every element, each end an alias the text declares.
    const declared = new Set([...text.matchAll(/\bas (\w+)|\((\w+),/g)].map((m) => m[1] ?? m[2]));
    for (const line of hidden) for (const end of line.split(' -[hidden]down- ')) assert.ok(declared.has(end), `${end} in ${line}`);
  });

  it('C4-PlantUML rendered by the PlantUML installed: the PNG of a view wider than 4,096 px is the whole drawing shrunk (the SVG\'s shape), not cut', async function () {
    if (!hasPlantUml) this.skip();
    const dir = mkdtempSync(path.join(tmpdir(), 'archipel-plantuml-'));
    try {
      // The planted system's deployment view, its services calling none: three namespaces of 100 boxes side by side, 5,067 px
      // wide. (microservices-demo's, used before, is 3,413 px wide since its kustomize workloads call their own Services.)
      const text = systemText(systemView(plantedModel(false), 'deployment', 'big'), 'plantuml');
      const unscaled = text.replace(`scale max ${PLANTUML_LIMIT}*${PLANTUML_LIMIT}\n`, '');
      const svg = spawnSync('plantuml', ['-tsvg', '-pipe', '-failfast2', '-nometadata'], { input: unscaled, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(svg.status, 0, svg.stderr);
      const whole = svgSize(svg.stdout);
      assert.ok(whole.width > PLANTUML_LIMIT, `the drawing is ${whole.width} px wide: past the limit, as the test needs`);
      const png = spawnSync('plantuml', ['-tpng', '-pipe', '-failfast2', '-nometadata'], { input: text, maxBuffer: 64 * 1024 * 1024 });
      assert.equal(png.status, 0, String(png.stderr));
      const file = path.join(dir, 'deployment.png');
      writeFileSync(file, png.stdout);
      const drawn = pngSize(file);
      assert.ok(drawn.width <= PLANTUML_LIMIT && drawn.height <= PLANTUML_LIMIT, `${drawn.width} × ${drawn.height}`);
      // Cut, the PNG would be 4,096 px of a wider drawing (another shape); shrunk, it has the drawing's shape.
      assert.ok(Math.abs(drawn.width / drawn.height - whole.width / whole.height) / (whole.width / whole.height) < 0.02, `PNG ${drawn.width} × ${drawn.height}, drawing ${whole.width} × ${whole.height}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SVG: as large as what it draws — every box, group and label of the 150 services\' deployment view inside its width and height, whatever they are', () => {
    for (const name of ['containers', 'deployment'] as const) {
      const graph = systemView(model, name, 'big');
      const svg = systemText(graph, 'svg');
      const document = new JSDOM('').window.document;
      const root = new document.defaultView!.DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
      const width = Number(root.getAttribute('width'));
      const height = Number(root.getAttribute('height'));
      assert.equal(root.getAttribute('viewBox'), `0 0 ${width} ${height}`);
      const margin = 16;
      let right = 0;
      let bottom = 0;
      const boxes = [...root.querySelectorAll('g.node')];
      assert.equal(boxes.length, graph.nodes.length, name);
      for (const box of boxes) {
        const [x, y] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(box.getAttribute('transform') ?? '')!.slice(1).map(Number);
        const rect = box.querySelector('rect')!;
        right = Math.max(right, x + Number(rect.getAttribute('width')));
        bottom = Math.max(bottom, y + Number(rect.getAttribute('height')));
      }
      for (const rect of root.querySelectorAll('g.group > rect, g.label > rect')) {
        right = Math.max(right, Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')));
        bottom = Math.max(bottom, Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')));
      }
      assert.ok(right + margin <= width + 0.5 && bottom + margin <= height + 0.5, `${name}: drawn to ${right} × ${bottom}, document ${width} × ${height}`);
      assert.ok(Math.max(width, height) > 1600, `${name}: ${width} × ${height}, past the export's room (1,600 × 900) as the test needs`);
    }
  });
});
