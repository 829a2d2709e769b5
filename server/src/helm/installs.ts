/**
 * Releases of a workspace chart installed outside Argo CD (whose Applications release.ts reads): a `helm install` or
 * `helm upgrade [--install]` in a workflow step, Makefile or shell script, a helmfile's `releases`, a Terraform
 * `helm_release`. Each gives the release its name and namespace, and the chart's objects naming no namespace are
 * created in that namespace (Helm's `--namespace`, helmfile's `namespace`, the provider's `namespace`), as
 * `kubectl apply -n` places a folder's (kubernetes/model/kustomize.ts' commandNamespaces). The system map
 * (system.ts) and the renders other families read (api.ts' deployedCharts) draw the chart as these releases; api.ts'
 * chartInstalls resolves the chart each names.
 */
import { isApplySource, namespaceFlag, toolCommands } from '../kubernetes/api';
import { terraformInventory, terraformReady } from '../terraform/api';
import type { WorkspaceIndex } from '../workspace/index';
import { jsYaml } from '../yaml/jsYaml';
import type { GivenValues } from './release';

/** One release installing a chart, as written where it is installed (the chart a path, resolved by api.ts' chartInstalls). */
export interface ChartInstall {
  chart: string;
  given: GivenValues;
  /** The file that installs it. */
  uri: string;
}

/** Flags of helm's install/upgrade (and its global flags) that take a value: their value is no positional argument. */
const valueFlags = new Set([
  '-f', '--values', '--set', '--set-string', '--set-file', '--set-json', '--set-literal', '-n', '--namespace', '--version', '--repo', '--username', '--password',
  '--ca-file', '--cert-file', '--key-file', '--keyring', '--timeout', '--kube-context', '--kubeconfig', '--kube-apiserver', '--kube-token', '--kube-as-user',
  '--kube-as-group', '--kube-ca-file', '--registry-config', '--repository-cache', '--repository-config', '--burst-limit', '--qps', '-o', '--output',
  '--description', '--post-renderer', '--post-renderer-args', '--name-template', '--labels', '-l', '--history-max', '--max-history', '--kube-tls-server-name',
]);

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `helm install [NAME] CHART` / `helm upgrade [--install] RELEASE CHART` of a script's text: the chart as written, the release name and namespace. */
export function helmInstallCommands(text: string): { chart: string; releaseName?: string; namespace?: string; line: number }[] {
  const found: { chart: string; releaseName?: string; namespace?: string; line: number }[] = [];
  for (const { line, args } of toolCommands(text, 'helm')) {
    const positional: string[] = [];
    for (let a = 0; a < args.length; a++) {
      if (valueFlags.has(args[a])) a++;
      else if (!args[a].startsWith('-')) positional.push(args[a]);
    }
    if (positional[0] !== 'install' && positional[0] !== 'upgrade') continue;
    // install's name is optional (--generate-name): one positional is the chart.
    const [name, chart] = positional.length >= 3 ? [positional[1], positional[2]] : [undefined, positional[1]];
    // A chart from a repository (`bitnami/nginx` with --repo, `oci://…`) or a variable is no folder of the workspace.
    if (chart === undefined || /^[a-z]+:\/\//i.test(chart) || /[$`{}]/.test(chart) || args.includes('--repo')) continue;
    const namespace = namespaceFlag(args);
    found.push({ chart, line, ...(name !== undefined && dnsLabel.test(name) ? { releaseName: name } : {}), ...(namespace !== undefined ? { namespace } : {}) });
  }
  return found;
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** A helmfile of the workspace (`helmfile.yaml`, `helmfile.yml`, or a file of `helmfile.d/`). */
function isHelmfile(uri: string): boolean {
  return /\/helmfile\.ya?ml(\.gotmpl)?$/.test(uri) || /\/helmfile\.d\/[^/]+\.ya?ml(\.gotmpl)?$/.test(uri);
}

/** A helmfile's releases with a literal chart path, name and namespace (a document templating them is not followed). */
function helmfileReleases(text: string): { chart: string; releaseName?: string; namespace?: string }[] {
  const found: { chart: string; releaseName?: string; namespace?: string }[] = [];
  // Helmfile renders `{{ … }}` before reading: a document holding one is read only if YAML reads it as it is.
  const documents: unknown[] = [];
  try {
    jsYaml().loadAll(text, (doc) => documents.push(doc), { schema: jsYaml().CORE_SCHEMA });
  } catch {
    return found;
  }
  for (const doc of documents) {
    const releases = record(doc)?.releases;
    if (!Array.isArray(releases)) continue;
    for (const item of releases) {
      const release = record(item);
      const chart = release?.chart;
      if (typeof chart !== 'string' || /[{}$]/.test(chart) || /^[a-z]+:\/\//i.test(chart)) continue;
      const name = typeof release?.name === 'string' && dnsLabel.test(release.name) ? release.name : undefined;
      const namespace = typeof release?.namespace === 'string' && dnsLabel.test(release.namespace) ? release.namespace : undefined;
      found.push({ chart, ...(name !== undefined ? { releaseName: name } : {}), ...(namespace !== undefined ? { namespace } : {}) });
    }
  }
  return found;
}

/** Every release installed outside Argo CD that names a chart by a path: scripts' helm commands, helmfiles, Terraform's helm_release. */
export function installCommands(index: WorkspaceIndex): ChartInstall[] {
  const found: ChartInstall[] = [];
  const given = (releaseName: string | undefined, namespace: string | undefined): GivenValues => ({ ...(releaseName !== undefined ? { releaseName } : {}), ...(namespace !== undefined ? { namespace } : {}) });
  for (const file of index.files()) {
    if (isApplySource(file.uri)) for (const c of helmInstallCommands(file.text)) found.push({ chart: c.chart, uri: file.uri, given: given(c.releaseName, c.namespace) });
    else if (isHelmfile(file.uri)) for (const r of helmfileReleases(file.text)) found.push({ chart: r.chart, uri: file.uri, given: given(r.releaseName, r.namespace) });
  }
  // A helm_release's chart is a path from its module's folder, unless it comes from a repository.
  if (terraformReady()) {
    for (const release of terraformInventory(index).helmReleases) {
      if (release.chart === undefined || release.repository !== undefined) continue;
      const label = (v: string | undefined) => (v !== undefined && dnsLabel.test(v) ? v : undefined);
      found.push({ chart: release.chart, uri: release.uri, given: given(label(release.name), label(release.namespace)) });
    }
  }
  return found;
}
