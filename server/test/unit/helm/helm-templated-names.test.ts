// Charts whose every name is a template (issue #95), on reductions of two real repositories nobody here wrote
// (fixtures/oss/system, SOURCES.md there):
// - microsoft/TailwindTraders-Backend's charts render nothing with their own defaults (`.Values.inf.db…` is a nil
//   pointer): its deploy script (Deploy/powershell/Deploy-Images-Aks.ps1) installs each with `-f gvalues.yaml` from
//   Deploy/helm, as `$name-product` with `$name = "tailwindtraders"`, all in PowerShell strings;
// - zulip/docker-zulip's chart takes PostgreSQL, RabbitMQ, Redis and Memcached from Bitnami's OCI registry, never
//   vendored: Helm renders nothing without them; the map renders the chart's own templates and says which it did not read.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { absentDependencies } from '../../../src/helm/absent';
import { helmInstallCommands, scriptVariables } from '../../../src/helm/installs';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { fixturesDir } from '../../helpers';
import { indexFolder } from '../system/repositories';

const system = path.join(fixturesDir, 'oss', 'system');

function model(folder: string): { map: SystemModel; base: string } {
  const root = path.join(system, folder);
  return { map: buildSystemModel(indexFolder(root), systemContributors(families)), base: pathToFileURL(root).href + '/' };
}

/** The map's edges of `kinds` as `from → to label @file:line`, by the nodes' names. */
function edges({ map, base }: { map: SystemModel; base: string }, kinds: readonly string[]): string[] {
  return map.edges
    .filter((e) => kinds.includes(e.kind))
    .map((e) => `${map.node(e.from)?.name ?? e.from} → ${map.node(e.to)?.name ?? e.to} ${e.label} @${e.sources.map((s) => `${s.uri.replace(base, '')}:${s.range.start.line + 1}`).join(',')}`)
    .sort();
}

describe('Helm: charts whose every name is a template, on the map (issue #95)', () => {
  it("reads a PowerShell script's helm commands in strings, with its variables of one literal value", () => {
    const script = [
      'Param(',
      '    [parameter(Mandatory=$false)][string]$name = "tailwindtraders",',
      '    [parameter(Mandatory=$false)][string]$valuesFile = "",',
      '    [parameter(Mandatory=$false)][string[]]$charts = "*"',
      ')',
      '$acrLogin=$(az acr show -n $acrName -o json| ConvertFrom-Json).loginServer',
      'if ([String]::IsNullOrEmpty($valuesFile)) {',
      '    $valuesFile="gvalues.yaml"',
      '}',
      '$command = "helm upgrade --install $name-product products-api -f $valuesFile --set image.repository=$acrLogin/product.api"',
      'cmd /c "helm install $name-ssl -f $(Join-Path tls-support values-staging.yaml) --set domain=$domain tls-support"',
      'helm upgrade --install $other-web web -f $valuesFile',
    ].join('\n');
    assert.deepEqual(Object.fromEntries(scriptVariables(script)), { name: 'tailwindtraders', valuesfile: 'gvalues.yaml', charts: '*' });
    assert.deepEqual(helmInstallCommands(script, true), [
      { chart: 'products-api', releaseName: 'tailwindtraders-product', valueFiles: ['gvalues.yaml'], line: 9 },
      // A subexpression's file is not followed; nor a variable no line gives one value (`$other`).
      { chart: 'tls-support', releaseName: 'tailwindtraders-ssl', line: 10 },
      { chart: 'web', valueFiles: ['gvalues.yaml'], line: 11 },
    ]);
    // A shell script's variable assigned twice, or from a command, is not followed.
    assert.deepEqual(Object.fromEntries(scriptVariables('NS=prod\nNAME=$(git rev-parse HEAD)\nNAME=api\nF="a.yaml"\nF=b.yaml\nR=web\n')), { ns: 'prod', r: 'web' });
  });

  it("TailwindTraders: each chart drawn as its deploy script installs it, with gvalues.yaml; the gateway's calls at its ConfigMap's lines", () => {
    const tailwind = model('microsoft+TailwindTraders-Backend');
    const workloads = tailwind.map.nodes.filter((n) => n.id.startsWith('k8s:Deployment')).map((n) => n.name).sort();
    assert.deepEqual(workloads, ['tailwindtraders-coupon', 'tailwindtraders-product', 'tailwindtraders-webbff']);
    // The release names the script gives; the Services named by gvalues.yaml's `service.name`-style values.
    assert.deepEqual(tailwind.map.nodes.filter((n) => n.id.startsWith('k8s:Service')).map((n) => n.name).sort(), ['coupons', 'product', 'webbff']);
    assert.deepEqual(edges(tailwind, ['calls', 'may-call']), [
      'Users → tailwindtraders-coupon HTTP @Deploy/helm/coupons-api/templates/ingress.yaml:16',
      'Users → tailwindtraders-product HTTP @Deploy/helm/products-api/templates/ingress.yaml:16',
      'Users → tailwindtraders-webbff HTTP @Deploy/helm/webbff/templates/ingress.yaml:16',
      // Product images' base URL (handed to the clients: read as a call, as in a plain manifest).
      'tailwindtraders-product → tailwindtraders.blob.core.windows.net HTTPS @Deploy/helm/products-api/templates/configmap.yaml:15,Deploy/helm/products-api/templates/configmap.yaml:16',
      'tailwindtraders-webbff → coupons HTTP @Deploy/helm/webbff/templates/configmap.yaml:18',
      'tailwindtraders-webbff → product HTTP @Deploy/helm/webbff/templates/configmap.yaml:15',
    ]);
    // Each chart is installed by its node, from the script's release.
    assert.deepEqual(tailwind.map.edges.filter((e) => e.kind === 'deploys' && e.from.startsWith('helm:')).map((e) => tailwind.map.node(e.to)?.name).sort(), ['tailwindtraders-coupon', 'tailwindtraders-product', 'tailwindtraders-webbff']);
  });

  it('zulip: the chart renders its own templates without the Bitnami subcharts it does not have, and the ledger names them', () => {
    const zulip = model('zulip+docker-zulip');
    // No release installs it here: Helm's default release name. The StatefulSet renders without the subcharts' names.
    assert.deepEqual(zulip.map.nodes.filter((n) => n.id.startsWith('k8s:')).map((n) => n.id).sort(), ['k8s:Service//release-name-zulip', 'k8s:StatefulSet//release-name-zulip']);
    // Its database, broker and caches' hosts come from the absent subcharts' templates: no call is guessed.
    assert.deepEqual(edges(zulip, ['routes', 'deploys', 'calls', 'may-call']), [
      'release-name-zulip → release-name-zulip selects → http @helm/zulip/templates/service.yaml:22',
      'zulip → release-name-zulip installs @helm/zulip/Chart.yaml:3',
    ]);
    const index = indexFolder(path.join(system, 'zulip+docker-zulip'));
    assert.deepEqual(absentDependencies(index).map((d) => `${d.uri} ${d.reason}`), [
      'oci://registry-1.docker.io/bitnamicharts/memcached@8.1.5 not-fetched',
      'oci://registry-1.docker.io/bitnamicharts/rabbitmq@16.0.14 not-fetched',
      'oci://registry-1.docker.io/bitnamicharts/redis@23.2.12 not-fetched',
      'oci://registry-1.docker.io/bitnamicharts/postgresql@18.1.8 not-fetched',
    ]);
  });
});
