// Argo CD's `parameters`, which Argo CD hands Helm as `--set`, read by one reader (setValues.ts parameterValues) for a
// chart of the repository (release.ts) and a registry's chart (remoteReleases.ts): `\.` is a dot of a key, as Argo CD's
// own operator manual writes it (fixtures/oss/argo-cd/docs/operator-manual/application.yaml, argoproj/argo-cd,
// Apache-2.0, SOURCES.md there), a parameter merged into the values' map it names without dropping the map's other keys,
// and a `__proto__` key kept as data, never an object's prototype.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chartAt } from '../../../src/helm/chart';
import type { HelmReader } from '../../../src/helm/context';
import { sourceRelease } from '../../../src/helm/release';
import { conventionalNames, remoteReleases } from '../../../src/helm/remoteReleases';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { jsYaml } from '../../../src/yaml/jsYaml';
import { fixturesDir } from '../../helpers';

type Json = Record<string, unknown>;
const base = 'file:///work/';
const reader: HelmReader = { listFiles: () => undefined, readText: () => undefined, readBytes: () => undefined };

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [file, text] of Object.entries(files)) index.update(`${base}${file}`, text);
  return index;
}

/** What an Application's first source gives the chart at `guestbook/`. */
function given(application: string): Json {
  const index = indexOf({ 'guestbook/Chart.yaml': 'apiVersion: v2\nname: guestbook\nversion: 0.1.0\n', 'guestbook/values.yaml': 'ingress:\n  enabled: false\n', 'apps/guestbook.yaml': application });
  const app = jsYaml().load(application, { schema: jsYaml().CORE_SCHEMA }) as Json;
  const source = (app.spec as Json).source as Json;
  return sourceRelease(source, app, chartAt(index, `${base}guestbook/`)!, index, reader).given.values as Json;
}

describe("Helm: Argo CD's parameters (Helm's --set names)", () => {
  it("reads `\\.` as a dot of a key and merges a parameter into the values' map (Argo CD's operator manual)", () => {
    const application = readFileSync(path.join(fixturesDir, 'oss', 'argo-cd', 'docs', 'operator-manual', 'application.yaml'), 'utf8');
    assert.deepEqual(given(application), {
      ingress: {
        enabled: true,
        path: '/',
        hosts: ['mydomain.example.com'],
        annotations: { 'kubernetes.io/ingress.class': 'nginx', 'kubernetes.io/tls-acme': 'true' },
        labels: {},
        tls: [{ secretName: 'mydomain-tls', hosts: ['mydomain.example.com'] }],
      },
      'nginx-ingress': { controller: { service: { annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'mydomain.example.com' } } } },
    });
  });

  it('types a parameter as `--set` does (true, false, null, integers, `{a,b}` lists) unless `forceString` keeps it a string', () => {
    const application = [
      'apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata:', '  name: guestbook', 'spec:', '  source:', '    repoURL: https://example.com/repo.git', '    path: guestbook', '    helm:', '      parameters:',
      '        - {name: ingress.enabled, value: "true"}', '        - {name: replicaCount, value: "3"}', '        - {name: tag, value: "0123"}', '        - {name: hosts, value: "{a.example.com,b.example.com}"}',
      '        - {name: note, value: "a,b"}', '        - {name: flag, value: "true", forceString: true}', '        - {name: port, value: "8080", forceString: true}', '',
    ].join('\n');
    assert.deepEqual(given(application), { ingress: { enabled: true }, replicaCount: 3, tag: '0123', hosts: ['a.example.com', 'b.example.com'], note: 'a,b', flag: 'true', port: '8080' });
  });

  it('keeps a `__proto__` parameter as a key, never the prototype of the values (a chart of the repository)', () => {
    const application = [
      'apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata:', '  name: guestbook', 'spec:', '  source:', '    repoURL: https://example.com/repo.git', '    path: guestbook', '    helm:',
      '      valuesObject:', '        replicaCount: 2', '      parameters:', '        - name: __proto__.polluted', '          value: "yes"', '        - name: list[0]', '          value: skipped', '',
    ].join('\n');
    const values = given(application);
    assert.equal(Object.getPrototypeOf(values), Object.prototype);
    assert.deepEqual(Object.entries(values), [['replicaCount', 2], ['__proto__', { polluted: 'yes' }]]);
    assert.equal(values.polluted, undefined);
  });

  it("keeps a `__proto__` key of a HelmRelease's values as data: the chart's names are not read through it (a registry's chart)", () => {
    const release = [
      'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: cache', '  namespace: data', 'spec:', '  chart:', '    spec:', '      chart: redis', '      sourceRef:', '        kind: HelmRepository', '        name: bitnami',
      '  values:', '    __proto__:', '      fullnameOverride: elsewhere', '    auth:', '      enabled: false', '',
    ].join('\n');
    const [found] = remoteReleases(indexOf({ 'infra/cache.yaml': release }));
    assert.equal(Object.getPrototypeOf(found.values), Object.prototype);
    assert.deepEqual(Object.keys(found.values), ['__proto__', 'auth']);
    assert.equal(conventionalNames(found).fullname, 'cache-redis');
  });
});
