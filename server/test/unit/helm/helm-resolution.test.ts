// A chart resolved as Helm resolves it (#83), on helm/helm's own goldens (fixtures/oss/helm/helm-testcharts,
// pkg/cmd/testdata of helm/helm, Apache-2.0): a library chart's templates never rendered, `type` validated as
// Helm's loader does, and a values.yaml its schema refuses still leaves the templates checked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
