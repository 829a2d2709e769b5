// A chart resolved as Helm resolves it (#83), on helm/helm's own goldens (fixtures/oss/helm/helm-testcharts,
// pkg/cmd/testdata of helm/helm, Apache-2.0): a library chart's templates never rendered, `type` validated as
// Helm's loader does, and a values.yaml its schema refuses still leaves the templates checked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { readChartArchive } from '../../../src/helm/archive';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { allFeatures } from '../../helpers';
import path from 'node:path';
import { helmCommand } from '../../../src/cli/helm';
import { familyFiles } from '../../../src/families/index';
import { helmReader } from '../../../src/helm/host';
import { defaultSettings } from '../../../src/settings';
import { fixturesDir } from '../../helpers';
import { TestWorkspace, covered } from '../../workspace';

const testcharts = path.join(fixturesDir, 'oss', 'helm', 'helm-testcharts');
const services = { apiVersions: () => ['v1', 'apps/v1', 'batch/v1', 'policy/v1', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'autoscaling/v2'], reader: helmReader };

async function template(chart: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await helmCommand(['template', path.join(testcharts, chart)], defaultSettings, familyFiles(defaultSettings), services, (t) => out.push(t), (t) => err.push(t));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const golden = (name: string) => readFileSync(path.join(testcharts, 'output', `${name}.txt`), 'utf8');

function shown(ws: TestWorkspace, uri: string): string[] {
  const text = ws.file(uri).text;
  return ws.diagnose(uri).map((d) => `${d.range.start.line + 1}: ${String(d.code)}: ${covered(text, d)}`);
}

describe('Helm as Helm resolves charts: helm/helm\'s template goldens', function () {
  this.timeout(120_000);

  it('chart-with-template-lib-dep: an application chart used as a library, its own template rendered', async () => {
    const { code, out, err } = await template('chart-with-template-lib-dep');
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(`${out}\n`, golden('template-chart-with-template-lib-dep').trimEnd() + '\n');
  });

  it('chart-with-template-lib-archive-dep: its dependency packaged as charts/common-0.0.5.tgz, read in memory', async () => {
    const { code, out, err } = await template('chart-with-template-lib-archive-dep');
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(`${out}\n`, golden('template-chart-with-template-lib-archive-dep').trimEnd() + '\n');
  });

  it('issue-9027: a null in a chart\'s own values.yaml deletes none of its dependency\'s defaults; the parent\'s globals win in the dependency', async () => {
    const { code, out, err } = await template('issue-9027');
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(`${out}\n`, golden('issue-9027'));
  });

  it('lib-chart (`type: Library`) and chart-bad-type (`type: foobar`): refused as Helm\'s loader refuses them', async () => {
    for (const [chart, name] of [['lib-chart', 'template-lib-chart'], ['chart-bad-type', 'template-chart-bad-type']]) {
      const { code, out, err } = await template(chart);
      assert.equal(code, 1);
      assert.equal(out, '');
      assert.equal(err.replace(/^archipel helm template: /, 'Error: '), golden(name).trimEnd());
    }
  });
});

describe('Helm as Helm resolves charts: in the editor', () => {
  const chart = (type: string) => `apiVersion: v2\nname: lib\nversion: 1.0.0\nicon: https://example.com/i.svg\ntype: ${type}\n`;

  it('a library chart\'s templates are never rendered (only its partials are loaded); an invalid type is said as Helm says it', () => {
    const ws = new TestWorkspace({
      'file:///ws/lib/Chart.yaml': chart('library'),
      'file:///ws/lib/values.yaml': 'a: 1\n',
      'file:///ws/lib/templates/_helpers.tpl': '{{- define "lib.name" -}}lib{{- end -}}\n',
      'file:///ws/lib/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "lib.name" . }}\ndata:\n  a: {{ .Values.a | required "a" | fail }}\n',
    });
    assert.deepEqual(shown(ws, 'file:///ws/lib/templates/configmap.yaml'), []);
    ws.update('file:///ws/lib/Chart.yaml', chart('Library'));
    assert.deepEqual(shown(ws, 'file:///ws/lib/Chart.yaml'), ['5: helm-chart-type: Library']);
    assert.equal(ws.diagnose('file:///ws/lib/Chart.yaml')[0].message, 'chart type "Library" is invalid: application or library');
  });

  it('.Subcharts: a dependency\'s helper called with its own dot (prometheus-community\'s prometheus chart names its alertmanager so)', () => {
    const ws = new TestWorkspace({
      'file:///ws/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\nicon: https://example.com/i.svg\ndependencies:\n  - name: alertmanager\n    version: 1.0.0\n    condition: alertmanager.enabled\n',
      'file:///ws/app/values.yaml': 'alertmanager:\n  enabled: true\n  nameOverride: am\n',
      'file:///ws/app/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  am: {{ include "alertmanager.name" .Subcharts.alertmanager | quote }}\n  {{- if (index .Subcharts "missing") }}\n  never: here\n  {{- end }}\n',
      'file:///ws/app/charts/alertmanager/Chart.yaml': 'apiVersion: v2\nname: alertmanager\nversion: 1.0.0\nicon: https://example.com/i.svg\n',
      'file:///ws/app/charts/alertmanager/values.yaml': 'nameOverride: ""\n',
      'file:///ws/app/charts/alertmanager/templates/_helpers.tpl': '{{- define "alertmanager.name" -}}{{ default .Chart.Name .Values.nameOverride | trunc 63 }}{{- end -}}\n',
    });
    assert.deepEqual(shown(ws, 'file:///ws/app/templates/configmap.yaml'), []);
  });

  it('a values.yaml its schema refuses is reported, and the templates are still checked with the values as written', () => {
    const ws = new TestWorkspace({
      'file:///ws/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\nicon: https://example.com/i.svg\n',
      'file:///ws/web/values.yaml': 'replicas: two\nhost: example.com\n',
      'file:///ws/web/values.schema.json': JSON.stringify({ type: 'object', properties: { replicas: { type: 'integer' } } }),
      'file:///ws/web/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicyy: Always
`,
      'file:///ws/web/templates/ingress.yaml': 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  rules:\n    - host: {{ .Values.host }}\n',
    });
    assert.deepEqual(shown(ws, 'file:///ws/web/values.yaml'), ['1: helm-values-schema: two']);
    // The misspelt field is the template's own; the replicas the schema refuses are said once, on values.yaml.
    assert.deepEqual(shown(ws, 'file:///ws/web/templates/deployment.yaml').filter((l) => l.includes('k8s-schema')), ['16: k8s-schema: imagePullPolicyy']);
    assert.deepEqual(shown(ws, 'file:///ws/web/templates/ingress.yaml'), ['1: k8s-removed-api: extensions/v1beta1']);
  });
});

const kps = path.join(fixturesDir, 'oss', 'helm', 'kube-prometheus-stack');

describe('Helm as Helm resolves charts: kube-prometheus-stack with its .gitignore (charts/* ignored, dependencies packaged)', function () {
  this.timeout(300_000);

  it('helm template renders the chart and the packaged dependencies its values turn on, which its .gitignore hides from Git (windows-exporter is off)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await helmCommand(['template', path.join(kps, 'kube-prometheus-stack')], defaultSettings, familyFiles(defaultSettings), services, (t) => out.push(t), (t) => err.push(t));
    assert.equal(err.join('\n'), '');
    assert.equal(code, 0);
    const charts = new Map<string, number>();
    for (const source of out.join('\n').match(/^# Source: \S+/gm) ?? []) {
      const chart = source.slice('# Source: '.length).replace(/\/templates\/.*$/, '');
      charts.set(chart, (charts.get(chart) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(charts), {
      'kube-prometheus-stack': 103,
      'kube-prometheus-stack/charts/grafana': 9,
      'kube-prometheus-stack/charts/kube-state-metrics': 6,
      'kube-prometheus-stack/charts/prometheus-node-exporter': 4,
    });
  });

  it('.Subcharts gives each enabled dependency\'s own dot: the RBAC proxy rules name the exporters\' Services', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const args = ['template', path.join(kps, 'kube-prometheus-stack'), '--set', 'prometheus-node-exporter.kubeRBACProxy.enabled=true', '--set', 'kube-state-metrics.kubeRBACProxy.enabled=true'];
    const code = await helmCommand(args, defaultSettings, familyFiles(defaultSettings), services, (t) => out.push(t), (t) => err.push(t));
    assert.equal(err.join('\n'), '');
    assert.equal(code, 0);
    assert.deepEqual(out.join('\n').split('\n').filter((l) => /^ {2}- services\/release-name/.test(l)), ['  - services/release-name-prometheus-node-exporter', '  - services/release-name-kube-state-metrics']);
  });

  it('archipel check: no error, no template said not checked, no dependency said missing', async () => {
    const { files } = await collectFiles([kps], defaultSettings, familyFiles());
    const results = await checkFiles(files, allFeatures(), defaultSettings);
    const diagnostics = results.flatMap((r) => r.diagnostics.map((d) => ({ d, at: `${path.relative(kps, r.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}` })));
    assert.deepEqual(diagnostics.filter(({ d }) => d.severity === DiagnosticSeverity.Error).map(({ at }) => at), []);
    assert.deepEqual(diagnostics.filter(({ d }) => /helm-unsupported|helm-dependency/.test(String(d.code))).map(({ at }) => at), []);
    // An upstream typo, found once the chart renders: `reource` for `resource` (the value is read nowhere else).
    assert.deepEqual(
      diagnostics.filter(({ d }) => d.code === 'helm-undefined-value' && String(d.message).includes('reource')).map(({ at }) => at),
      ['kube-prometheus-stack/templates/exporters/kube-scheduler/servicemonitor.yaml:90 helm-undefined-value'],
    );
  });
});

/** A tar of `entries` (name → content), gzipped: as `helm package` writes one. */
function tgz(entries: [string, string][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of entries) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
    header.write('0', 156);
    header.write('ustar\0', 257);
    blocks.push(header, Buffer.from(content), Buffer.alloc((512 - (Buffer.byteLength(content) % 512)) % 512));
  }
  return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

describe('Helm as Helm resolves charts: a packaged chart read in memory, bounded', () => {
  it('reads the files under the chart\'s folder, the folder dropped', () => {
    const read = readChartArchive(tgz([['web/Chart.yaml', 'name: web\n'], ['web/templates/a.yaml', 'a: 1\n']]));
    assert.ok(!('error' in read));
    assert.equal(read.top, 'web');
    assert.deepEqual([...read.files].map(([p, b]) => `${p}=${b.toString()}`), ['Chart.yaml=name: web\n', 'templates/a.yaml=a: 1\n']);
  });

  it('refuses what Helm refuses: a path leaving the archive, two top folders, no Chart.yaml, not gzip, a bomb past the bound', () => {
    assert.deepEqual(readChartArchive(tgz([['web/Chart.yaml', ''], ['web/../../etc/x', '']])), { error: 'the path "web/../../etc/x" leaves the archive' });
    assert.deepEqual(readChartArchive(tgz([['web/Chart.yaml', ''], ['other/x', '']])), { error: "files outside the chart's folder" });
    assert.deepEqual(readChartArchive(tgz([['web/values.yaml', '']])), { error: 'no Chart.yaml in it' });
    assert.deepEqual(readChartArchive(Buffer.from('not an archive')), { error: 'not a gzip archive' });
    assert.deepEqual(readChartArchive(gzipSync(Buffer.alloc(40 * 1024 * 1024))), { error: 'it unpacks to more than 32 MiB' });
  });
});
