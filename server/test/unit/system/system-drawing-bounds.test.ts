// Drawing readers are bounded (issue #67): a hand-drawn diagram past 512 KB, 2,000 elements or 5,000
// edges is read no further and gets one system-drawing-limit on its header; the rest of the map (the
// deployments beside it, their own checks) is as without it. A Mermaid flowchart of 200,000 edges
// beside a deployment made `check` run 3 min 24 s at 278 MB and end in an internal-error (every
// element a finding, each placed by a walk from the first line, then spread as arguments).
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { facesOf, systemContributors } from '../../../src/families/descriptor';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { MAX_DRAWING_BYTES, MAX_DRAWING_EDGES, MAX_DRAWING_ELEMENTS, mermaidElements, structurizrElements } from '../../../src/system/drawings';
import { systemFeature } from '../../../src/system/feature';
import { systemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { diagnoseWorkspace } from '../../helpers';

const contributors = systemContributors(families);
const feature = systemFeature(contributors, facesOf(families));
const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: nginx:1.27\n`;
const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');

function workspace(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return index;
}

/** The system checks of one file: `line:col code: message`. */
function systemFindings(files: Record<string, string>, name: string): string[] {
  const index = workspace(files);
  const file = index.get(`file:///p/${name}`)!;
  return diagnoseFile(file, [feature], { index, settings: defaultSettings, isCancelled: () => false }).map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}: ${String(d.message)}`);
}

describe('drawing readers are bounded by bytes, elements and edges (#67)', function () {
  this.timeout(120_000);
  const beside = { 'deploy/web.yaml': deployment('web'), 'deploy/api.yaml': deployment('api') };

  it('a flowchart of 200,000 edges beside two deployments: one system-drawing-limit on its header, the map and the deployments\' checks intact', () => {
    const drawing = `flowchart LR\n  web[web] --> api[api]\n${repeat(200_000, (i) => `a${i}-->a${i + 1}\n`)}`;
    assert.ok(drawing.length > MAX_DRAWING_BYTES && drawing.length < 4 * 1024 * 1024);
    const files = { ...beside, 'docs/architecture.mmd': drawing };
    assert.deepEqual(systemFindings(files, 'docs/architecture.mmd'), ['0:0 system-drawing-limit: The drawing is over 512 KB (a limit of Archipel, docs/limits.md): it is not compared with the system map.']);
    // The map of the workspace is the one without the drawing.
    const names = (index: WorkspaceIndex) => systemModel(index, contributors).nodes.map((n) => `${n.kind} ${n.name}`);
    assert.deepEqual(names(workspace(files)), names(workspace(beside)));
    // Every check of the deployment beside it comes, as without the drawing.
    const codes = (all: Record<string, string>) => diagnoseWorkspace(all, 'deploy/web.yaml').map((d) => String(d.code));
    assert.deepEqual(codes(files), codes(beside));
    assert.ok(codes(files).length > 0);
  });

  it(`under 512 KB: a flowchart of ${MAX_DRAWING_ELEMENTS + 1} nodes, a C4 diagram of as many containers, a Structurizr workspace of ${MAX_DRAWING_EDGES + 1} relations`, () => {
    const flowchart = `---\ntitle: Many\n---\nflowchart LR\n  web[web] --> api[api]\n${repeat(MAX_DRAWING_ELEMENTS, (i) => `  n${i}\n`)}`;
    assert.deepEqual(systemFindings({ ...beside, 'docs/many.md': `# Many\n\n\`\`\`mermaid\n${flowchart}\`\`\`\n` }, 'docs/many.md'), [
      `6:0 system-drawing-limit: The drawing has more than 2,000 elements (a limit of Archipel, docs/limits.md): it is not compared with the system map.`,
    ]);
    const c4 = `C4Container\n  Container(web, "web")\n  Container(api, "api")\n${repeat(MAX_DRAWING_ELEMENTS, (i) => `  Container(c${i}, "c${i}")\n`)}`;
    assert.deepEqual(systemFindings({ ...beside, 'docs/c4.mmd': c4 }, 'docs/c4.mmd'), ['0:0 system-drawing-limit: The drawing has more than 2,000 elements (a limit of Archipel, docs/limits.md): it is not compared with the system map.']);
    const dsl = `workspace {\n  model {\n    web = container "web"\n    api = container "api"\n${repeat(MAX_DRAWING_EDGES + 1, () => '    web -> api "calls"\n')}  }\n}\n`;
    assert.deepEqual(systemFindings({ ...beside, 'docs/w.dsl': dsl }, 'docs/w.dsl'), ['0:0 system-drawing-limit: The drawing has more than 5,000 edges (a limit of Archipel, docs/limits.md): it is not compared with the system map.']);
  });

  it('each reader stops at the bound (what it read is what came before), and within the bounds reads the drawing whole', () => {
    const big = mermaidElements(`flowchart LR\n${repeat(10_000, (i) => `  n${i}[Node ${i}]\n`)}`)!;
    assert.deepEqual(big.limit, { kind: 'elements', bound: MAX_DRAWING_ELEMENTS });
    assert.equal(big.elements.length, MAX_DRAWING_ELEMENTS + 1);
    const edges = mermaidElements(`flowchart LR\n${repeat(MAX_DRAWING_EDGES + 10, () => '  a --> b\n')}`)!;
    assert.deepEqual([edges.limit, edges.elements.length], [{ kind: 'edges', bound: MAX_DRAWING_EDGES }, 2]);
    const bytes = structurizrElements(`workspace {\n  model {\n${repeat(40_000, (i) => `    c${i} = container "c${i}"\n`)}  }\n}\n`);
    assert.deepEqual([bytes.limit, bytes.elements.length, bytes.header], [{ kind: 'bytes', bound: MAX_DRAWING_BYTES }, 0, { start: 0, end: 9 }]);
    const small = mermaidElements('flowchart LR\n  web[web] --> api[api]\n  api --> db[(db)]\n')!;
    assert.deepEqual([small.limit, small.elements.map((e) => e.id)], [undefined, ['web', 'api', 'db']]);
  });

  it('a drawing past a bound is not offered to be regenerated', () => {
    const index = workspace({ ...beside, 'docs/architecture.mmd': `flowchart LR\n  web[web] --> api[api]\n${repeat(MAX_DRAWING_ELEMENTS, (i) => `  n${i}\n`)}` });
    const file = index.get('file:///p/docs/architecture.mmd')!;
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const diagnostics = diagnoseFile(file, [feature], context);
    assert.deepEqual(diagnostics.map((d) => d.code), ['system-drawing-limit']);
    assert.deepEqual(feature.codeActions!(file, diagnostics[0].range, diagnostics, context).map((a) => a.title), []);
  });
});
