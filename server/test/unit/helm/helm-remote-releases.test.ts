// Releases of charts the repository does not hold (issue #95), on the map: reductions of two real repositories nobody
// here wrote (fixtures/oss/helm-releases, SOURCES.md there):
// - Azure/reddog-code deploys Redis, RabbitMQ and ingress-nginx by Flux v1 HelmReleases from a registry, RabbitMQ on a
//   LoadBalancer with a committed `contosoadmin`/`MyPassword123`, Redis with the same password;
// - garden-io/garden's argocd-simple example deploys Bitnami's PostgreSQL by an Argo CD Application (`chart: postgresql`,
//   `fullnameOverride: postgres`, a committed `postgresPassword`).
// Before, no family read them: the map had no Redis, RabbitMQ, ingress controller or PostgreSQL, and nothing answered
// the names callers use for them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { absentDependencies } from '../../../src/helm/absent';
import { conventionalNames, remoteReleases } from '../../../src/helm/remoteReleases';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { ofRule, risksOfFiles } from '../../threatRisks';

const corpus = path.join(fixturesDir, 'oss', 'helm-releases');
const reddog = (): Record<string, string> => readTree(path.join(corpus, 'Azure+reddog-code'));
const garden = (): Record<string, string> => readTree(path.join(corpus, 'garden-io+garden'));

const base = 'file:///work/';

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [file, text] of Object.entries(files)) if (!/^LICENSE/.test(file)) index.update(`${base}${file}`, text);
  return index;
}

const modelOf = (files: Record<string, string>): SystemModel => buildSystemModel(indexOf(files), systemContributors(families));
const at = (s: { uri: string; range: { start: { line: number } } }) => `${s.uri.replace(base, '')}:${s.range.start.line + 1}`;

/** The components of releases: `name kind technology namespace @lines`. */
function releases(map: SystemModel): string[] {
  return map.nodes.filter((n) => n.id.startsWith('helm:release/')).map((n) => `${n.name} ${n.kind} ${n.technology ?? '-'} ${n.namespace ?? '-'} @${n.sources.map(at).join(',')}`).sort();
}

/** A Deployment (written here, not from the repositories) whose environment names `address`. */
function caller(namespace: string, address: string): string {
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: caller', `  namespace: ${namespace}`, 'spec:', '  selector:', '    matchLabels: {app: caller}', '  template:',
    '    metadata:', '      labels: {app: caller}', '    spec:', '      containers:', '        - name: caller', '          image: example/caller:1', '          env:', '            - name: TARGET', `              value: "${address}"`, '',
  ].join('\n');
}

describe('Helm: releases of charts the repository does not hold (issue #95)', function () {
  this.timeout(120_000);

  it('names Services as the chart family conventionally does', () => {
    assert.equal(conventionalNames({ releaseName: 'redis', chart: 'redis', values: {} }).fullname, 'redis');
    assert.equal(conventionalNames({ releaseName: 'redis-cache', chart: 'redis', values: {} }).fullname, 'redis-cache');
    assert.equal(conventionalNames({ releaseName: 'nginx-ingress', chart: 'ingress-nginx', values: {} }).fullname, 'nginx-ingress-ingress-nginx');
    assert.equal(conventionalNames({ releaseName: 'db', chart: 'postgresql', values: {} }).fullname, 'db-postgresql');
    assert.equal(conventionalNames({ releaseName: 'db', chart: 'postgresql', values: { nameOverride: 'pg' } }).fullname, 'db-pg');
    assert.equal(conventionalNames({ releaseName: 'postgres', chart: 'postgresql', values: { fullnameOverride: 'postgres' } }).fullname, 'postgres');
    assert.deepEqual(conventionalNames({ releaseName: 'redis', chart: 'redis', values: {} }).names, ['redis', 'redis-master', 'redis-primary', 'redis-replicas', 'redis-read', 'redis-headless', 'redis-hl', 'redis-controller']);
  });

  it("reddog: Flux v1 HelmReleases of a registry's charts are components, typed by the chart", () => {
    const map = modelOf(reddog());
    assert.deepEqual(releases(map), [
      'nginx-ingress service NGINX nginx-ingress @manifests/branch/dependencies/nginx/nginx.yaml:7,manifests/branch/dependencies/nginx/nginx.yaml:10',
      'rabbitmq broker RabbitMQ rabbitmq @manifests/branch/dependencies/rabbitmq/rabbitmq.yaml:7,manifests/branch/dependencies/rabbitmq/rabbitmq.yaml:15',
      'redis cache Redis redis @manifests/branch/dependencies/redis/redis.yaml:7,manifests/branch/dependencies/redis/redis.yaml:15',
    ]);
    // The HelmRelease installs it; the edge says the naming rule and that it is a convention.
    const installs = map.edges.filter((e) => e.kind === 'deploys' && e.to === 'helm:release/redis/redis');
    assert.deepEqual(installs.map((e) => `${e.from} ${e.label} @${e.sources.map(at).join(',')}`), [
      "k8s:HelmRelease/redis/redis installs redis@15.0.0 (chart not fetched); its Services by the chart's naming convention, not a render: redis[-master|-primary|-headless|-controller…] or redis @manifests/branch/dependencies/redis/redis.yaml:15",
    ]);
    // The values' `service.type: LoadBalancer` is a way in, at its line (RabbitMQ's AMQP port by default).
    assert.deepEqual(map.entries.map((e) => `${e.to} ${e.via} ${e.port ?? '-'} @${at(e.source)}`).sort(), [
      'helm:release/nginx-ingress/nginx-ingress load-balancer - @manifests/branch/dependencies/nginx/nginx.yaml:15',
      'helm:release/rabbitmq/rabbitmq load-balancer 5672 @manifests/branch/dependencies/rabbitmq/rabbitmq.yaml:20',
    ]);
  });

  it('reddog: a caller of the conventional names reaches the release, in its namespace and across namespaces', () => {
    const files = reddog();
    files['caller.yaml'] = caller('reddog-retail', 'redis-master.redis:6379');
    files['caller-controller.yaml'] = caller('nginx-ingress', 'http://nginx-ingress-ingress-nginx-controller').replace('name: caller\n  namespace', 'name: probe\n  namespace');
    const map = modelOf(files);
    const calls = map.edges.filter((e) => e.kind === 'calls' && e.from.startsWith('k8s:Deployment/') && e.to.startsWith('helm:release/')).map((e) => `${e.from} → ${e.to} ${e.label}`).sort();
    assert.deepEqual(calls, [
      'k8s:Deployment/nginx-ingress/probe → helm:release/nginx-ingress/nginx-ingress HTTP',
      'k8s:Deployment/reddog-retail/caller → helm:release/redis/redis Redis :6379',
    ]);
    // Red Dog's own Dapr state stores name `redis-cache-master.redis`: the release is `redis`, whose master the chart calls `redis-master`.
    assert.equal(map.edges.some((e) => e.to === 'helm:release/redis/redis' && e.sources.some((s) => s.uri.includes('reddog.state'))), false);
  });

  it("reddog: the threats read the release's values (the committed passwords, RabbitMQ on a LoadBalancer)", async () => {
    const risks = await risksOfFiles(reddog());
    assert.deepEqual(ofRule(risks, 'accidental-secret-leak'), ['accidental-secret-leak workspace @manifests/branch/dependencies/rabbitmq/rabbitmq.yaml:23,manifests/branch/dependencies/redis/redis.yaml:19']);
    assert.deepEqual(ofRule(risks, 'unguarded-access-from-internet'), ['unguarded-access-from-internet internet>rabbitmq @manifests/branch/dependencies/rabbitmq/rabbitmq.yaml:20']);
  });

  it('garden: an Argo CD Application of a registry chart is a component answering its fullnameOverride', async () => {
    const files = garden();
    assert.deepEqual(releases(modelOf(files)), ['postgres datastore PostgreSQL vote-helm-default @examples/argocd-simple/argocd-applications/postgres.yaml:5,examples/argocd-simple/argocd-applications/postgres.yaml:20']);
    files['caller.yaml'] = caller('vote-helm-default', 'postgres:5432');
    const map = modelOf(files);
    assert.deepEqual(map.edges.filter((e) => e.to === 'helm:release/vote-helm-default/postgres').map((e) => `${e.from} ${e.kind}`).sort(), ['k8s:Application/argocd/postgres deploys', 'k8s:Deployment/vote-helm-default/caller calls']);
    // Its `helm.values` string writes the password.
    assert.deepEqual(ofRule(await risksOfFiles(garden()), 'accidental-secret-leak'), ['accidental-secret-leak workspace @examples/argocd-simple/argocd-applications/postgres.yaml:27']);
  });

  it("lists each release's chart as not read (never fetched, never rendered)", () => {
    const uris = (files: Record<string, string>) => absentDependencies(indexOf(files)).map((d) => `${d.uri} ${d.reason}`);
    assert.deepEqual(uris(reddog()), [
      'https://kubernetes.github.io/ingress-nginx/ingress-nginx@3.31.0 not-fetched',
      'https://marketplace.azurecr.io/helm/v1/repo/rabbitmq@8.20.2 not-fetched',
      'https://marketplace.azurecr.io/helm/v1/repo/redis@15.0.0 not-fetched',
    ]);
    assert.deepEqual(uris(garden()), ['https://charts.bitnami.com/bitnami/postgresql@12.1.2 not-fetched']);
  });

  it("Argo CD: `helm.releaseName`, `parameters` over `valuesObject` (Helm's `--set` paths, `\\.` a dot of a key)", () => {
    const files = {
      'apps/queue.yaml': [
        'apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata:', '  name: queue', '  namespace: argocd', 'spec:', '  destination:', '    namespace: messaging', '  source:',
        '    repoURL: registry-1.docker.io/bitnamicharts', '    chart: rabbitmq', '    targetRevision: 14.0.0', '    helm:', '      releaseName: mq', '      valuesObject:', '        service:', '          type: ClusterIP',
        '      parameters:', '        - name: service.type', '          value: LoadBalancer', '        - name: "service.annotations.external-dns\\\\.alpha\\\\.kubernetes\\\\.io/hostname"', '          value: mq.example.com', '',
      ].join('\n'),
    };
    const [release] = remoteReleases(indexOf(files));
    assert.deepEqual({ name: release.releaseName, namespace: release.namespace, values: release.values }, {
      name: 'mq', namespace: 'messaging', values: { service: { type: 'LoadBalancer', annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'mq.example.com' } } },
    });
    const map = modelOf(files);
    assert.deepEqual(releases(map), ['mq broker RabbitMQ messaging @apps/queue.yaml:4,apps/queue.yaml:11']);
    // The way in is said where the parameter gives it, the value that wins.
    assert.deepEqual(map.entries.map((e) => `${e.to} ${e.via} ${e.port ?? '-'} @${at(e.source)}`), ['helm:release/messaging/mq load-balancer 5672 @apps/queue.yaml:20']);
  });

  it('Flux v2: the chart of a HelmRepository, the default release name, values from a ConfigMap; a chart from Git is not a remote one', () => {
    const files = {
      'infra/repo.yaml': ['apiVersion: source.toolkit.fluxcd.io/v1', 'kind: HelmRepository', 'metadata:', '  name: bitnami', '  namespace: flux-system', 'spec:', '  url: https://charts.bitnami.com/bitnami', ''].join('\n'),
      'infra/mongo.yaml': [
        'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: mongo', '  namespace: flux-system', 'spec:', '  targetNamespace: data', '  chart:', '    spec:', '      chart: mongodb', '      version: "15.x"',
        '      sourceRef:', '        kind: HelmRepository', '        name: bitnami', '  valuesFrom:', '    - kind: ConfigMap', '      name: mongo-values', '',
        '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: mongo-values', '  namespace: flux-system', 'data:', '  values.yaml: |', '    service:', '      type: NodePort', '',
        '---', 'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: app', '  namespace: flux-system', 'spec:', '  chart:', '    spec:', '      chart: ./charts/app', '      sourceRef:', '        kind: GitRepository', '        name: self', '',
      ].join('\n'),
    };
    assert.deepEqual(remoteReleases(indexOf(files)).map((r) => `${r.releaseName} ${r.namespace ?? '-'} ${r.chart} ${r.repository ?? '-'} ${r.version ?? '-'}`), ['data-mongo data mongodb https://charts.bitnami.com/bitnami 15.x']);
    const map = modelOf(files);
    assert.deepEqual(releases(map), ['data-mongo datastore MongoDB data @infra/mongo.yaml:4,infra/mongo.yaml:10']);
    assert.deepEqual(map.entries.map((e) => `${e.to} ${e.via} ${e.port ?? '-'} @${at(e.source)}`), ['helm:release/data/data-mongo node-port 27017 @infra/mongo.yaml:28']);
  });
});
