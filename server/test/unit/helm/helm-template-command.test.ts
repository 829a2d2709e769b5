// `archipel helm template [NAME] [CHART] [-f FILE] [--set K=V] [-n NS]` (cli/helm.ts, helm/template.ts)
// on real charts (fixtures/oss/helm, provenance and licences in its SOURCES.md): what `helm template`
// prints — `---`, `# Source: <chart>/templates/<file>`, documents in Helm's install order — with the
// dependencies charts/ lacks taken from the charts beside them, and Helm's refusals.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { helmCommand } from '../../../src/cli/helm';
import { familyFiles } from '../../../src/families/index';
import { helmReader } from '../../../src/helm/host';
import { parseSet } from '../../../src/helm/setValues';
import { toPlain } from '../../../src/gotemplate/values';
import { defaultSettings } from '../../../src/settings';
import { fixturesDir } from '../../helpers';

const bitnami = path.join(fixturesDir, 'oss', 'helm', 'bitnami-charts', 'bitnami');
const traefik = path.join(fixturesDir, 'oss', 'helm', 'traefik-helm-chart', 'traefik');
const services = { apiVersions: () => ['v1', 'apps/v1', 'batch/v1', 'policy/v1', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'autoscaling/v2'], reader: helmReader };

async function template(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await helmCommand(['template', ...args], defaultSettings, familyFiles(defaultSettings), services, (t) => out.push(t), (t) => err.push(t));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const sources = (text: string) => text.split('\n').filter((l) => l.startsWith('# Source: '));

describe('archipel helm template', function () {
  this.timeout(120_000);

  it('prints a chart\'s manifests as helm template does, its dependency (bitnami\'s common) taken from beside it', async () => {
    const { code, out, err } = await template(path.join(bitnami, 'kafka'));
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.ok(out.startsWith('---\n# Source: kafka/templates/controller-eligible/networkpolicy.yaml\nkind: NetworkPolicy\n'));
    // Helm's install order: NetworkPolicy, PodDisruptionBudget, ServiceAccount, Secret, ConfigMap, Service, StatefulSet; files by name within a kind.
    assert.deepEqual(sources(out), [
      '# Source: kafka/templates/controller-eligible/networkpolicy.yaml',
      '# Source: kafka/templates/broker/pdb.yaml',
      '# Source: kafka/templates/controller-eligible/pdb.yaml',
      '# Source: kafka/templates/provisioning/serviceaccount.yaml',
      '# Source: kafka/templates/rbac/serviceaccount.yaml',
      '# Source: kafka/templates/secrets.yaml',
      '# Source: kafka/templates/secrets.yaml',
      '# Source: kafka/templates/controller-eligible/configmap.yaml',
      '# Source: kafka/templates/controller-eligible/svc-headless.yaml',
      '# Source: kafka/templates/svc.yaml',
      '# Source: kafka/templates/controller-eligible/statefulset.yaml',
    ]);
    assert.match(out, /\n {4}app.kubernetes.io\/instance: release-name\n/);
    assert.match(out, /\n {2}namespace: "default"\n/);
  });

  it('takes NAME, -n, -f files in order and --set over them', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'archipel-helm-'));
    try {
      writeFileSync(path.join(folder, 'a.yaml'), 'controller:\n  replicaCount: 5\nnetworkPolicy:\n  enabled: false\n');
      writeFileSync(path.join(folder, 'b.yaml'), 'controller:\n  replicaCount: 4\n');
      const { code, out } = await template('events', path.join(bitnami, 'kafka'), '-n', 'data', '-f', path.join(folder, 'a.yaml'), '-f', path.join(folder, 'b.yaml'), '--set', 'controller.replicaCount=2');
      assert.equal(code, 0);
      assert.ok(!sources(out).some((s) => s.includes('networkpolicy')));
      assert.match(out, /\n {2}replicas: 2\n/);
      assert.match(out, /\n {2}namespace: "data"\n/);
      assert.match(out, /app.kubernetes.io\/instance: events\n/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('prints nothing but Helm\'s reason when the values fail the chart\'s schema; says what it does not compute', async () => {
    const refused = await template(traefik, '--set', 'deployment.replicas=two');
    assert.equal(refused.code, 1);
    assert.equal(refused.out, '');
    assert.equal(refused.err, "archipel helm template: values don't meet the specifications of the schema(s) in the following chart(s):\ntraefik:\n- deployment.replicas: must be integer,null");
    const traefikOut = await template(traefik);
    assert.deepEqual(sources(traefikOut.out), ['# Source: traefik/templates/rbac/serviceaccount.yaml', '# Source: traefik/templates/rbac/clusterrole.yaml', '# Source: traefik/templates/rbac/clusterrolebinding.yaml', '# Source: traefik/templates/service.yaml', '# Source: traefik/templates/deployment.yaml', '# Source: traefik/templates/ingressclass.yaml']);
    const nginx = await template(path.join(bitnami, 'nginx'), '--set', 'tls.enabled=true');
    assert.equal(nginx.code, 1);
    assert.match(nginx.err, /^archipel helm template: nginx\/templates\/tls-secret.yaml: not rendered, it calls genCA, which Archipel does not compute$/m);
    assert.ok(sources(nginx.out).includes('# Source: nginx/templates/deployment.yaml'));
  });

  it('reads --set as Helm\'s strvals does', () => {
    const set = parseSet(['a.b=1,c=true,d=null,e=0755,f={x,2},g[1].h=v', 'i=a\\,b,a.c=x=y']);
    assert.ok('values' in set);
    assert.deepEqual(toPlain(set.values), { a: { b: 1, c: 'x=y' }, c: true, d: null, e: '0755', f: ['x', 2], g: [null, { h: 'v' }], i: 'a,b' });
    assert.deepEqual(parseSet(['a']), { error: 'key "a" has no value' });
  });
});
