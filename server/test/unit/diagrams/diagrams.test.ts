import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { generateDiagram as drawDiagram } from '../../../src/diagrams/index';
import { diagramDrawers } from '../../../src/families/descriptor';
import { families } from '../../../src/families/index';
import { labelText } from '../../../src/features/diagram/flowchart';
import { indexOptions } from '../../../src/service';
import { defaultSettings, normalizeSettings, type ArchipelSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';
import { runCli } from '../../cliRun';

/** A diagram of the families' drawers (the workflow data from the repository's schemas/). */
function generateDiagram(kind: string, index: WorkspaceIndex, settings: ArchipelSettings, scopes: readonly string[] = []) {
  return drawDiagram(diagramDrawers(families), kind, index, settings, scopes, repoRoot);
}

function workspace(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [relative, text] of Object.entries(files)) index.update(`file:///ws/${relative}`, text);
  return index;
}

function folderFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(root, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

const lines = (mermaid: string) => mermaid.trim().split('\n').map((l) => l.trim());

const deployment = (name: string, extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          image: nginx:1.27
${extra}`;

describe('generated diagrams: Kubernetes topology', () => {
  // As `archipel diagram` and the diagram request do: the drawer loads its topology first (kubernetes/drawer.ts).
  before(async () => {
    await diagramDrawers(families).find((drawer) => drawer.kind === 'k8s')?.prepare?.();
  });

  it('draws the example workspace: Service → Deployment → ConfigMap, HPA → Deployment, Application → folder, namespaces as groups', () => {
    const diagram = generateDiagram('k8s', workspace(folderFiles(path.join(repoRoot, 'examples', 'portfolio'))), defaultSettings);
    const text = lines(diagram.mermaid);
    /** The id of the node whose label lines are these. */
    const id = (...label: string[]) => {
      const line = text.find((l) => l.includes(`"${label.join('<br/>')}"`));
      assert.ok(line, `no node ${label.join(' ')} in\n${diagram.mermaid}`);
      return line.split(/[[({>]/)[0];
    };
    assert.equal(text[0], 'flowchart LR');
    assert.ok(text.includes('subgraph ns1["namespace argocd"]'), diagram.mermaid);
    // Namespaces in name order: argocd, fraud-detection (the fraud system, issue #65), stock-prediction.
    assert.ok(text.includes('subgraph ns2["namespace fraud-detection"]'));
    assert.ok(text.includes('subgraph ns3["namespace stock-prediction"]'));
    const deployment = id('Deployment', 'stock-predictor');
    assert.ok(text.includes(`${id('Service', 'stock-predictor')} -->|"selects"| ${deployment}`));
    assert.ok(text.includes(`${id('HorizontalPodAutoscaler', 'stock-predictor')} -->|"scales"| ${deployment}`));
    assert.ok(text.includes(`${deployment} -->|"reads"| ${id('ConfigMap', 'predictor-config')}`));
    assert.ok(text.includes(`${id('Application', 'stock-prediction')} ==>|"deploys"| fkubernetes`));
    assert.ok(text.includes(`${id('CronJob', 'photo-anonymiser')} -->|"reads"| ${id('ConfigMap', 'anonymiser-config')}`));
    // PVCs the example mounts but does not define: grey, "not in the workspace" (no rule reports them).
    assert.ok(text.includes(`${id('CronJob', 'photo-anonymiser')} -.->|"mounts"| ${id('PersistentVolumeClaim', 'field-photos', 'not in the workspace')}`));
    assert.equal(diagram.broken, 0);
    // One shape per family of kinds, none of them Mermaid's stadium (a ~40 KB path per node).
    const shape = (label: string[]) => text.find((l) => l.includes(`"${label.join('<br/>')}"`))!.trim().replace(/^\w+/, '').replace(/"[^"]*"/, '…');
    assert.equal(shape(['Service', 'stock-predictor']), '(…)');
    assert.equal(shape(['Deployment', 'stock-predictor']), '[…]');
    assert.equal(shape(['HorizontalPodAutoscaler', 'stock-predictor']), '{{…}}');
    assert.equal(shape(['ConfigMap', 'predictor-config']), '[/…/]');
    assert.ok(!text.some((l) => /\(\[".*"\]\)/.test(l)), 'no stadium');
    // Each object node points at its manifest (the `kind` value), for click-to-source.
    const source = diagram.sources.find((s) => s.id === deployment);
    assert.equal(source?.uri, 'file:///ws/kubernetes/deployment.yaml');
    assert.deepEqual(source?.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 16 } });
  });

  it('draws broken references red and dashed where the rules report them, and Secrets made outside Git grey', () => {
    const index = workspace({
      'ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: frontend, port: {number: 80}}}}\n',
      'app.yaml': deployment('api', `          envFrom:\n            - configMapRef: {name: api-config}\n            - secretRef: {name: api-token}\n      volumes:\n        - name: data\n          persistentVolumeClaim: {claimName: api-data}\n`),
      'hpa.yaml': 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: worker, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}\n  maxReplicas: 3\n',
      'pvc.yaml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: api-data, namespace: shop}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n',
    });
    const diagram = generateDiagram('k8s', index, defaultSettings);
    const text = lines(diagram.mermaid);
    // Ingress → missing Service, Deployment → missing ConfigMap, HPA → missing Deployment: three rule findings.
    assert.equal(diagram.broken, 3, diagram.mermaid);
    assert.ok(text.some((l) => /^m\d+\("Service<br\/>frontend<br\/>not defined"\)$/.test(l)), diagram.mermaid);
    assert.ok(text.some((l) => /^m\d+\[\/"ConfigMap<br\/>api-config<br\/>not defined"\/\]$/.test(l)));
    assert.ok(text.some((l) => /^m\d+\["Deployment<br\/>worker<br\/>not defined"\]$/.test(l)));
    // The Secret: k8s-secret-ref is information while the workspace defines no Secret → grey, not red.
    assert.ok(text.some((l) => /^m\d+\[\/"Secret<br\/>api-token<br\/>not in the workspace"\/\]$/.test(l)));
    // The PVC exists: a plain edge.
    assert.ok(text.some((l) => /^n\d+ -->\|"mounts"\| n\d+$/.test(l)));
    // Red dashed links: one linkStyle per broken edge, and the missing class on their nodes.
    assert.equal(text.filter((l) => /^linkStyle \d+ stroke:#e51400,stroke-width:2px,stroke-dasharray:6 4$/.test(l)).length, 3);
    assert.equal(text.filter((l) => /^linkStyle \d+ stroke:#8a8a8a/.test(l)).length, 1);
    assert.ok(text.some((l) => /^class m\d+,m\d+,m\d+ missing$/.test(l)), diagram.mermaid);
    // The graph the panel draws says the same: nodes, shapes, group, red dashed edges to the missing nodes.
    const { graph } = diagram;
    assert.equal(graph.direction, 'LR');
    assert.deepEqual(graph.groups, [{ id: 'ns1', label: 'namespace shop' }]);
    assert.equal(graph.nodes.length, diagram.nodes);
    assert.ok(graph.nodes.every((n) => n.group === 'ns1'));
    const service = graph.nodes.find((n) => n.lines.join('/') === 'Service/frontend/not defined')!;
    assert.deepEqual([service.shape, service.classes], ['round', ['missing']]);
    const broken = graph.edges.filter((e) => e.style === 'broken');
    assert.equal(broken.length, 3);
    assert.ok(broken.some((e) => e.to === service.id && e.label === 'routes to'));
    assert.deepEqual(graph.classes.missing, { stroke: '#e51400', 'stroke-width': '2px', 'stroke-dasharray': '6 4', color: '#e51400' });
    assert.equal(graph.edges.length, diagram.edges);
  });

  it('keeps workspace strings as plain text in the graph (the page writes them as text nodes)', () => {
    const index = workspace({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "<script>alert(1)</script>"}\ndata: {}\n' });
    const diagram = generateDiagram('k8s', index, defaultSettings);
    assert.deepEqual(diagram.graph.nodes.map((n) => n.lines), [['ConfigMap', '<script>alert(1)</script>']]);
    assert.ok(!diagram.mermaid.includes('<script>'));
  });

  it('follows the rule settings: a rule turned off draws no red edge', () => {
    const index = workspace({ 'app.yaml': deployment('api', `          envFrom:\n            - configMapRef: {name: api-config}\n`) });
    const settings: ArchipelSettings = normalizeSettings({ ...defaultSettings, rules: { 'k8s-configmap-ref': 'off' } });
    assert.equal(generateDiagram('k8s', index, defaultSettings).broken, 1);
    const off = generateDiagram('k8s', index, settings);
    assert.equal(off.broken, 0);
    assert.ok(lines(off.mermaid).some((l) => l.includes('not in the workspace')));
  });

  it('draws the Argo CD source folder red when k8s-argocd-path reports it', () => {
    const index = workspace({ 'apps/app.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: https://git.example.com/shop.git, path: deploy/shop}\n  destination: {server: https://kubernetes.default.svc, namespace: shop}\n' });
    const diagram = generateDiagram('k8s', index, defaultSettings);
    assert.equal(diagram.broken, 1);
    assert.ok(lines(diagram.mermaid).includes('fdeploy_shop_broken[["folder deploy/shop<br/>not in the workspace"]]'), diagram.mermaid);
  });

  it('limits the diagram to a folder, keeping the targets its objects point to', () => {
    const index = workspace({
      'a/app.yaml': deployment('api', `          envFrom:\n            - configMapRef: {name: shared}\n`),
      'b/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared, namespace: shop}\ndata: {x: "1"}\n',
      'b/other.yaml': deployment('other', ''),
    });
    const diagram = generateDiagram('k8s', index, defaultSettings, ['file:///ws/a']);
    assert.equal(diagram.title, 'Kubernetes topology under a');
    assert.deepEqual([diagram.nodes, diagram.edges, diagram.broken], [2, 1, 0]);
    assert.ok(!diagram.mermaid.includes('other'));
    const empty = generateDiagram('k8s', index, defaultSettings, ['file:///ws/nothing']);
    assert.match(empty.empty ?? '', /^No Ingress, Service, workload/);
  });

  it('escapes workspace strings: a name with <script> or quotes stays text', () => {
    const index = workspace({ 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "<script>alert(1)</script>\\"] --> evil"}\ndata: {}\n' });
    const diagram = generateDiagram('k8s', index, defaultSettings);
    assert.ok(diagram.mermaid.includes('n1[/"ConfigMap<br/>#lt;script#gt;alert(1)#lt;/script#gt;#quot;#93; --#gt; evil"/]'), diagram.mermaid);
    assert.ok(!/<script>/.test(diagram.mermaid));
    assert.equal(labelText('a#b|c{d}`e\\f\ng'), 'a#35;b#124;c#123;d#125;#96;e#92;f g');
  });
});

describe('generated diagrams: ADR graph', () => {
  const adr = (n: number, title: string, status: string, extra = '') => `# ${n}. ${title}\n\nDate: 2025-01-0${n}\n\n## Status\n\n${status}\n${extra}\n## Context\n\nC.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n`;

  it('draws each relation once, in the active voice, with status classes', () => {
    const index = workspace({
      'docs/adr/0001-use-postgres.md': adr(1, 'Use Postgres', 'Superseded by [2. Use CockroachDB](0002-use-cockroachdb.md)'),
      'docs/adr/0002-use-cockroachdb.md': adr(2, 'Use CockroachDB', 'Accepted', '\nSupersedes [1. Use Postgres](0001-use-postgres.md)\n'),
      'docs/adr/0003-cache-reads.md': adr(3, 'Cache reads', 'Proposed', '\nAmends [2. Use CockroachDB](0002-use-cockroachdb.md)\n\nClarified by [4. <b>Bold</b> TTLs](0004-b-bold-b-ttls.md)\n'),
      'docs/adr/0004-b-bold-b-ttls.md': adr(4, '<b>Bold</b> TTLs', 'Rejected', '\nClarifies [3. Cache reads](0003-cache-reads.md)\n'),
    });
    const diagram = generateDiagram('adr', index, defaultSettings);
    const text = lines(diagram.mermaid);
    assert.ok(text.includes('adr1_1("0001 Use Postgres<br/>superseded")'), diagram.mermaid);
    assert.ok(text.includes('adr1_4("0004 #lt;b#gt;Bold#lt;/b#gt; TTLs<br/>rejected")'));
    assert.deepEqual(
      text.filter((l) => l.includes('--') || l.includes('-.')),
      ['adr1_2 -->|"supersedes"| adr1_1', 'adr1_3 -.->|"amends"| adr1_2', 'adr1_4 -.->|"clarifies"| adr1_3'],
    );
    assert.ok(text.includes('class adr1_2 accepted'));
    assert.ok(text.includes('class adr1_1 superseded'));
    assert.ok(text.includes('class adr1_3 proposed'));
    assert.ok(text.includes('class adr1_4 rejected'));
    assert.equal(diagram.graph.direction, 'TB');
    assert.deepEqual(diagram.graph.nodes.find((n) => n.id === 'adr1_4'), { id: 'adr1_4', lines: ['0004 <b>Bold</b> TTLs', 'rejected'], shape: 'round', classes: ['rejected'], group: undefined });
    assert.deepEqual(diagram.graph.edges.map((e) => [e.from, e.to, e.label, e.style]), [['adr1_2', 'adr1_1', 'supersedes', 'solid'], ['adr1_3', 'adr1_2', 'amends', 'dashed'], ['adr1_4', 'adr1_3', 'clarifies', 'dashed']]);
    assert.equal(diagram.sources.find((s) => s.id === 'adr1_2')?.uri, 'file:///ws/docs/adr/0002-use-cockroachdb.md');
    assert.equal(diagram.sources.find((s) => s.id === 'adr1_2')?.range.start.line, 0);
  });

  it('says so when there is no ADR folder', () => {
    assert.match(generateDiagram('adr', workspace({ 'notes.md': '# Notes\n' }), defaultSettings).empty ?? '', /^No ADR folder/);
  });
});

describe('generated diagrams: workflow job graphs', () => {
  const ci = 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make test}]\n  build:\n    needs: test\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n  deploy:\n    needs: [build]\n    if: github.ref == \'refs/heads/main\'\n    runs-on: ubuntu-latest\n    steps: [{run: make deploy}]\n';
  const nightly = 'name: "Nightly <b>"\non: {schedule: [{cron: "0 3 * * *"}]}\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps: [{run: make scan}]\n';

  it('draws one workflow as the workflow feature draws it (archipel/workflowGraph), jobs linked to their lines', () => {
    const index = workspace({ '.github/workflows/ci.yml': ci });
    const diagram = generateDiagram('workflow', index, defaultSettings);
    assert.equal(diagram.title, 'Workflow CI');
    assert.deepEqual(lines(diagram.mermaid), ['flowchart LR', 'j0["test"]', 'j1["build"]', 'j2["deploy"]', 'j0 --> j1', 'j1 -.-> j2']);
    assert.deepEqual(diagram.sources.map((s) => [s.id, s.range.start.line]), [['j0', 3], ['j1', 6], ['j2', 10]]);
    assert.deepEqual([diagram.nodes, diagram.edges], [3, 2]);
  });

  it('puts several workflows side by side, ids apart, names escaped', () => {
    const index = workspace({ '.github/workflows/ci.yml': ci, '.github/workflows/nightly.yml': nightly, 'k8s/x.yaml': 'a: 1\n' });
    const diagram = generateDiagram('workflow', index, defaultSettings);
    const text = lines(diagram.mermaid);
    assert.ok(text.includes('subgraph w1["CI (ci.yml)"]'), diagram.mermaid);
    assert.ok(text.includes('subgraph w2["Nightly #lt;b#gt; (nightly.yml)"]'));
    assert.ok(text.includes('w1j1 -.-> w1j2'));
    assert.ok(text.includes('w2j0["scan"]'));
    assert.deepEqual(diagram.graph.groups, [{ id: 'w1', label: 'CI (ci.yml)' }, { id: 'w2', label: 'Nightly <b> (nightly.yml)' }]);
    assert.deepEqual(diagram.graph.edges, [{ from: 'w1j0', to: 'w1j1', label: undefined, style: 'solid' }, { from: 'w1j1', to: 'w1j2', label: undefined, style: 'dashed' }]);
    assert.deepEqual(diagram.graph.nodes.map((n) => [n.id, n.group]), [['w1j0', 'w1'], ['w1j1', 'w1'], ['w1j2', 'w1'], ['w2j0', 'w2']]);
    assert.equal(diagram.sources.find((s) => s.id === 'w2j0')?.uri, 'file:///ws/.github/workflows/nightly.yml');
    assert.match(generateDiagram('workflow', workspace({ 'a.yaml': 'a: 1\n' }), defaultSettings).empty ?? '', /^No workflow/);
  });
});

describe('archipel diagram', () => {
  const run = runCli;

  const portfolio = path.join(repoRoot, 'examples', 'portfolio');

  it('prints the Kubernetes topology of the current folder or of the given paths', async () => {
    const here = await run(['diagram', 'k8s'], portfolio);
    assert.equal(here.code, 0);
    assert.match(here.out, /^flowchart LR\n/);
    assert.match(here.out, /n\d+ -->\|"selects"\| n\d+/);
    // The example's objects: its manifests, and the ConfigMaps its admission policy reads its parameters from (#96).
    const folders = await run(['diagram', 'k8s', 'kubernetes', 'policies'], portfolio);
    assert.equal(folders.out, here.out);
  });

  it('prints the ADR graph as a Markdown block or as JSON', async () => {
    const markdown = await run(['diagram', 'adr', '--format', 'markdown'], portfolio);
    assert.equal(markdown.code, 0);
    assert.match(markdown.out, /^```mermaid\nflowchart TB\n[\s\S]*adr1_4 -->\|"supersedes"\| adr1_3\n[\s\S]*```\n$/);
    const json = JSON.parse((await run(['diagram', 'adr', 'docs/adr', '--format', 'json'], portfolio)).out) as { kind: string; nodes: number; sources: { file: string }[]; graph: { nodes: unknown[] } };
    assert.equal(json.kind, 'adr');
    // The example's seven decisions (0007: the fraud system's card transactions store, issue #65).
    assert.equal(json.nodes, 7);
    assert.equal(json.graph.nodes.length, 7);
    // Named as the CLI names files (relative to the current folder), never the machine's URI (issue #92).
    assert.equal(json.sources[0].file, 'docs/adr/0001-record-architecture-decisions.md');
  });

  it('draws a folder holding only a Compose file; the usage and the Kubernetes diagram name the Compose one', async () => {
    const tree = makeTree({ 'compose.yaml': 'services:\n  api:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    depends_on: [db]\n  db:\n    image: postgres:17\n' });
    try {
      const compose = await run(['diagram', 'compose'], tree.root);
      assert.equal(compose.code, 0);
      assert.match(compose.out, /^flowchart LR\n[\s\S]*api<br\/>nginx:1.27<br\/>ports 8080:80[\s\S]*-->\|"depends on"\|/);
      const none = await run(['diagram'], tree.root);
      assert.equal(none.code, 2);
      assert.match(none.err, /which diagram\? \(k8s, adr, workflow, compose, terraform or system\)[\s\S]*compose the Docker Compose stacks/);
      const k8s = await run(['diagram', 'k8s'], tree.root);
      assert.equal(k8s.code, 0);
      assert.match(k8s.err, /No Ingress, Service[\s\S]*archipel diagram compose draws it/);
    } finally {
      tree.remove();
    }
  });

  it('--help and -h print the command\'s usage, every kind and its options, and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const help = await run(['diagram', flag], portfolio);
      assert.equal(help.code, 0, help.err);
      assert.match(help.out, /^Usage:\n {2}archipel diagram k8s\|adr\|workflow\|compose\|terraform\|system \[PATH\.\.\.\]/);
      assert.match(help.out, /--view containers\|context\|deployment\|delivery/);
      assert.equal(help.err, '');
    }
  });

  it('says what is wrong: unknown diagram or format (2), a missing path (2); an empty diagram says why (0)', async () => {
    const tree = makeTree({ 'a.yaml': 'x: 1\n' });
    try {
      assert.equal((await run(['diagram', 'pie'], tree.root)).code, 2);
      assert.equal((await run(['diagram', 'k8s', '--format', 'svg'], tree.root)).code, 2);
      const missing = await run(['diagram', 'k8s', 'nowhere'], tree.root);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /no such file or folder: nowhere/);
      const empty = await run(['diagram', 'k8s'], tree.root);
      assert.equal(empty.code, 0);
      assert.match(empty.err, /No Ingress, Service/);
      const workflow = await run(['diagram', 'workflow'], tree.root);
      assert.equal(workflow.code, 0);
      assert.match(workflow.err, /No workflow/);
    } finally {
      tree.remove();
    }
  });
});
