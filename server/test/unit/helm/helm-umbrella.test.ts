// An umbrella chart on the system map (issue #95), on a real one nobody here wrote: aws-containers/retail-store-sample-app's
// src/app/chart (fixtures/oss/system, SOURCES.md there) takes its five services' charts by `file://` path under aliases,
// gives each its endpoints in its section of values.yaml, and each subchart renders them into a ConfigMap its Deployment
// alone reads by `envFrom`. The calls its architecture diagram documents (docs/diagrams.drawio.xml) are drawn solid, at the
// subcharts' template lines, and nothing else; the subcharts are not drawn again on their own with their defaults.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { fixturesDir } from '../../helpers';
import { indexFolder } from '../system/repositories';

const root = path.join(fixturesDir, 'oss', 'system', 'aws-containers+retail-store-sample-app');

function model(extra: Record<string, string> = {}): SystemModel {
  const index = indexFolder(root);
  for (const [name, text] of Object.entries(extra)) index.update(pathToFileURL(path.join(root, name)).href, text);
  return buildSystemModel(index, systemContributors(families));
}

/** Every call and possible call as `from → to label @file:line`, by the nodes' names. */
function calls(map: SystemModel): string[] {
  const base = pathToFileURL(root).href + '/';
  return map.edges
    .filter((e) => e.kind === 'calls' || e.kind === 'may-call')
    .map((e) => `${map.node(e.from)?.name ?? e.from} → ${map.node(e.to)?.name ?? e.to} ${e.label} @${e.sources.map((s) => `${s.uri.replace(base, '')}:${s.range.start.line + 1}`).join(',')}`)
    .sort();
}

describe('System map: an umbrella Helm chart (retail-store-sample-app)', () => {
  it('draws the umbrella as one release: its subcharts by file:// path under their aliases, the UI calling the four services its values name', () => {
    const map = model();
    assert.deepEqual(calls(map), [
      'ui → carts HTTP :80 @src/ui/chart/templates/configmap.yml:37',
      'ui → catalog HTTP :80 @src/ui/chart/templates/configmap.yml:34',
      'ui → checkout HTTP :80 @src/ui/chart/templates/configmap.yml:40',
      'ui → orders HTTP :80 @src/ui/chart/templates/configmap.yml:43',
    ]);
    // The workloads are the umbrella's (each subchart's fullnameOverride from its alias's section), installed by its node;
    // no subchart drawn again with its own defaults (`release-name-…`).
    const workloads = map.nodes.filter((n) => n.id.startsWith('k8s:Deployment') || n.id.startsWith('k8s:StatefulSet')).map((n) => n.name).sort();
    assert.deepEqual(workloads, ['carts', 'catalog', 'checkout', 'orders', 'ui']);
    assert.deepEqual(map.nodes.filter((n) => n.id.startsWith('helm:')).map((n) => n.name), ['retail-store-sample-chart']);
    const installed = map.edges.filter((e) => e.kind === 'deploys' && e.from.startsWith('helm:')).map((e) => map.node(e.to)?.name).sort();
    assert.deepEqual(installed, ['carts', 'catalog', 'checkout', 'orders', 'ui']);
  });

  it('with values-stateful.yaml over the defaults, each service calls its own store, at its subchart ConfigMap line', () => {
    // Deployed by an Argo CD Application naming both values files (written here; the repository installs the chart by hand).
    const application = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: retail-store',
      'spec:',
      '  source:',
      '    repoURL: https://github.com/aws-containers/retail-store-sample-app',
      '    path: src/app/chart',
      '    helm:',
      '      valueFiles: [values.yaml, values-stateful.yaml]',
      '  destination:',
      '    namespace: retail',
      '',
    ].join('\n');
    const map = model({ 'deploy/application.yaml': application });
    assert.deepEqual(calls(map), [
      'carts → carts-dynamodb HTTP :8000 @src/cart/chart/templates/configmap.yaml:14',
      'catalog → catalog-mysql MySQL :3306 @src/catalog/chart/templates/configmap.yml:9',
      'checkout → checkout-redis Redis :6379 @src/checkout/chart/templates/configmap.yaml:10',
      'orders → orders-postgresql PostgreSQL :5432 @src/orders/chart/templates/configmap.yml:13',
      'orders → orders-rabbitmq AMQP :5672 @src/orders/chart/templates/configmap.yml:9',
      'ui → carts HTTP :80 @src/ui/chart/templates/configmap.yml:37',
      'ui → catalog HTTP :80 @src/ui/chart/templates/configmap.yml:34',
      'ui → checkout HTTP :80 @src/ui/chart/templates/configmap.yml:40',
      'ui → orders HTTP :80 @src/ui/chart/templates/configmap.yml:43',
    ]);
  });

  it('reads a values.yaml whose key is repeated as Helm does: the last value wins (the UI chart repeats `ingresses`)', () => {
    const map = model();
    assert.ok(map.nodes.some((n) => n.id === 'k8s:Deployment//ui'));
  });
});
