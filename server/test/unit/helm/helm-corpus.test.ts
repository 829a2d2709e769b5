// Real charts nobody here wrote (fixtures/oss/helm, provenance and licences in its SOURCES.md):
// rendered with their default values and checked by every feature, as `archipel check <folder>`
// does; no error but those listed, each judged true.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { familyFiles } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';
import { TestWorkspace } from '../../workspace';

const corpus = path.join(fixturesDir, 'oss', 'helm');

/** Every error found, with why it is true. */
const expectedErrors: Record<string, { finding: string; reason: string }[]> = {
  'argo-helm': [],
  'prometheus-community': [],
  grafana: [
    {
      finding: 'enterprise-metrics/templates/podsecuritypolicy.yaml:2 k8s-removed-api',
      reason: 'rbac.pspEnabled is true by default and the template is not guarded by .Capabilities: the chart renders a policy/v1beta1 PodSecurityPolicy, which Kubernetes removed in 1.25; installing it on the configured 1.36 fails.',
    },
  ],
};

/**
 * The charts of issue #66, every finding but information listed and judged: traefik's chart (hex floats,
 * a .helmignore'd crds/kustomization.yaml) and bitnami's charts beside their `common` (no charts/: the
 * workspace's charts of the name and version stand for their dependencies).
 */
const judged: Record<string, { finding: string; reason: string }[]> = {
  'traefik-helm-chart': [{ finding: 'traefik/templates/deployment.yaml:66 k8s-resources warning', reason: 'resources is {} by default (values.yaml: "resources: {}"): the container runs without requests or a memory limit until the user sets them.' }],
  'bitnami-charts': [
    { finding: 'bitnami/redis/templates/role.yaml:19 helm-undefined-template error', reason: 'no chart defines podSecurityPolicy.apiGroup: with podSecurityPolicy.enabled on a cluster before 1.25 (where common.capabilities.psp.supported is true), Helm fails "no template podSecurityPolicy.apiGroup"; a latent defect, out of reach of the defaults.' },
    { finding: 'bitnami/kafka/templates/broker/networkpolicy.yaml:88 helm-undefined-value warning', reason: 'reads networkPolicy.ingressNSPodMatchLabel where the values define and the guard reads ingressNSPodMatchLabels: the pod selector renders empty (an upstream typo).' },
    { finding: 'bitnami/kafka/templates/controller-eligible/networkpolicy.yaml:94 helm-undefined-value warning', reason: 'the same typo as the broker\'s network policy: ingressNSPodMatchLabel for ingressNSPodMatchLabels.' },
    { finding: 'bitnami/grafana-alloy/templates/networkpolicy.yaml:19 helm-undefined-value warning', reason: 'reads .Values.alloy.podLabels where the values define podLabels at the top: the labels never reach the policy (an upstream bug).' },
    { finding: 'bitnami/grafana-alloy/templates/application.yaml:337 k8s-host-path warning', reason: 'the DaemonSet mounts /var/log from the node by design (a log collector); a warning any host mount deserves.' },
    { finding: 'bitnami/grafana-alloy/templates/application.yaml:342 k8s-host-path warning', reason: 'likewise /var/lib/docker/containers, the containers\' logs.' },
  ],
};

describe('Helm charts of issue #66 (fixtures/oss/helm): every finding but information judged', function () {
  this.timeout(300_000);
  for (const [folder, expected] of Object.entries(judged)) {
    it(`${folder}: the findings judged true and no other; every template rendered, but what Archipel does not compute`, async () => {
      const root = path.join(corpus, folder);
      const { files } = await collectFiles([root], defaultSettings, familyFiles());
      // Each chart's .helmignore is listed by the scan: the Helm family's selector names it (families/helm.ts `names`).
      assert.ok(files.some((f) => path.basename(f) === '.helmignore'), 'the scan lists the charts\' .helmignore');
      const results = await checkFiles(files, allFeatures(), defaultSettings);
      const severity = (d: { severity?: DiagnosticSeverity }) => (d.severity === DiagnosticSeverity.Error ? 'error' : d.severity === DiagnosticSeverity.Warning ? 'warning' : 'information');
      const diagnostics = results.flatMap((r) => r.diagnostics.map((d) => ({ d, at: `${path.relative(root, r.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}` })));
      assert.deepEqual(diagnostics.filter(({ d }) => severity(d) !== 'information').map(({ d, at }) => `${at} ${severity(d)}`).sort(), expected.map((e) => e.finding).sort());
      for (const e of expected) assert.ok(e.reason.length > 40);
      // Not rendered: only bitnami nginx's self-signed certificate (genCA), which Archipel does not compute.
      assert.deepEqual(diagnostics.filter(({ at }) => at.endsWith(' helm-unsupported')).map(({ at }) => at), folder === 'bitnami-charts' ? ['bitnami/nginx/templates/tls-secret.yaml:7 helm-unsupported'] : []);
      assert.ok(diagnostics.some(({ at }) => /templates\/.*k8s-/.test(at)), 'rendered manifests were checked');
    });
  }
});

describe('Helm charts nobody here wrote (fixtures/oss/helm)', function () {
  this.timeout(300_000);
  for (const [folder, expected] of Object.entries(expectedErrors)) {
    it(`${folder}: no error but the ones judged true, every template rendered or said not checked`, async () => {
      const root = path.join(corpus, folder);
      const { files } = await collectFiles([root], defaultSettings, familyFiles());
      const results = await checkFiles(files, allFeatures(), defaultSettings);
      const diagnostics = results.flatMap((r) => r.diagnostics.map((d) => ({ d, at: `${path.relative(root, r.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}` })));
      const errors = diagnostics.filter(({ d }) => d.severity === DiagnosticSeverity.Error).map(({ at }) => at);
      assert.deepEqual(errors.sort(), expected.map((e) => e.finding).sort());
      for (const e of expected) assert.ok(e.reason.length > 40);
      // Templates are read: at least one finding of the Kubernetes family on a rendered template.
      assert.ok(diagnostics.some(({ at }) => /templates\/.*k8s-/.test(at)), 'rendered manifests were checked');
    });
  }
});

describe('bitnami grafana-loki as helm dependency build lays it out (its dependencies copied into charts/)', function () {
  this.timeout(300_000);
  it('no value of an aliased dependency is said undefined: each alias of memcached has the chart\'s defaults', async () => {
    const bitnami = path.join(corpus, 'bitnami-charts', 'bitnami');
    // Where each chart goes in the built layout (common also inside each dependency, as helm dependency build leaves it).
    const placed: [string, string][] = [
      ['grafana-loki', 'loki'],
      ['common', 'loki/charts/common'],
      ['memcached', 'loki/charts/memcached'],
      ['common', 'loki/charts/memcached/charts/common'],
      ['grafana-alloy', 'loki/charts/grafana-alloy'],
      ['common', 'loki/charts/grafana-alloy/charts/common'],
    ];
    const ws = new TestWorkspace({});
    for (const [chart, at] of placed) {
      const { files } = await collectFiles([path.join(bitnami, chart)], defaultSettings, familyFiles());
      for (const file of files) ws.update(`file:///ws/${at}/${path.relative(path.join(bitnami, chart), file).split(path.sep).join('/')}`, readFileSync(file, 'utf8'));
    }
    const templates = [...ws.index.files()].map((f) => f.uri).filter((uri) => /^file:\/\/\/ws\/loki\/templates\/.*\.yaml$/.test(uri));
    assert.ok(templates.length > 40);
    const undefinedValues = templates.flatMap((uri) => ws.diagnose(uri).filter((d) => d.code === 'helm-undefined-value' || d.code === 'helm-unsupported').map((d) => `${uri.slice('file:///ws/loki/'.length)}:${d.range.start.line + 1} ${String(d.code)}`));
    assert.deepEqual(undefinedValues, []);
  });
});
