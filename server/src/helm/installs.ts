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
  /** The values files its `-f`/`--values` name, as written (read from the folder the chart path is read from). */
  valueFiles?: string[];
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

/** A PowerShell script: its helm commands are written in strings (`$command = "helm upgrade …"`, `cmd /c "helm install …"`). */
export function isPowerShell(uri: string): boolean {
  return /\.ps1$/i.test(uri);
}

/**
 * A script's variables that hold one literal value: every assignment of the name a quoted or bare literal (a PowerShell
 * `Param` default `[string]$name = "x"`, `$x = "y"`; a shell `x=y`), one value that is not empty among them. A variable
 * also assigned from a command, an expression or another variable is not followed (its value is not in the text).
 */
export function scriptVariables(text: string): Map<string, string> {
  const values = new Map<string, Set<string>>();
  const computed = new Set<string>();
  const assign = (name: string, literal: string | undefined) => {
    if (literal === undefined) computed.add(name);
    else if (literal !== '') values.set(name, (values.get(name) ?? new Set()).add(literal));
  };
  for (const line of text.split('\n').slice(0, 20_000)) {
    const power = /^\s*(?:\[(?:[^\][]|\[\])*\]\s*)*\$(\w+)\s*=(?!=)(.*)$/.exec(line);
    const shell = power ? null : /^\s*(?:export\s+|local\s+|readonly\s+)?([A-Za-z_]\w*)=(.*)$/.exec(line);
    const match = power ?? shell;
    if (!match) continue;
    // A Param default ends with `,` (or the block's `)`).
    const value = power ? match[2].trim().replace(/(?<![,)])[,)]+$/, '').trimEnd() : match[2].trim();
    const literal = /^"([^"$`]*)"$|^'([^']*)'$|^([^\s"'$`;|&()]*)$/.exec(value);
    assign(match[1].toLowerCase(), literal ? (literal[1] ?? literal[2] ?? literal[3]) : undefined);
  }
  const found = new Map<string, string>();
  for (const [name, set] of values) if (!computed.has(name) && set.size === 1) found.set(name, [...set][0]);
  return found;
}

/** A word with its `$name`/`${name}` replaced by the script's literal values; undefined when one is not known (or an expression remains). */
function substituted(word: string, variables: ReadonlyMap<string, string>): string | undefined {
  if (!/[$`{}]/.test(word)) return word;
  const text = word.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => variables.get((braced ?? bare ?? '').toLowerCase()) ?? whole);
  return /[$`{}]/.test(text) ? undefined : text;
}

/** The lines of a PowerShell script as commands: a string starting with `helm ` is the command it runs; a `$( … )` subexpression one unknown word. */
function powerShellLines(text: string): string {
  return text
    .split('\n')
    .map((line) => /"(helm\s[^"]*)"/.exec(line.replace(/\$\([^()"]*\)/g, '$__'))?.[1] ?? (/^\s*helm\s/.test(line) ? line : ''))
    .join('\n');
}

/** `helm install [NAME] CHART` / `helm upgrade [--install] RELEASE CHART` of a script's text: the chart as written, the release name, namespace and values files. */
export function helmInstallCommands(text: string, powerShell = false): { chart: string; releaseName?: string; namespace?: string; valueFiles?: string[]; line: number }[] {
  const found: { chart: string; releaseName?: string; namespace?: string; valueFiles?: string[]; line: number }[] = [];
  if (!text.includes('helm')) return found;
  const variables = scriptVariables(text);
  for (const { line, args: written } of toolCommands(powerShell ? powerShellLines(text) : text, 'helm')) {
    const positional: string[] = [];
    const files: string[] = [];
    // A word naming a script variable of one literal value is read with that value (`$name-product`, `-f $valuesFile`).
    const args = written.map((arg) => substituted(arg, variables) ?? arg);
    for (let a = 0; a < args.length; a++) {
      if ((args[a] === '-f' || args[a] === '--values') && a + 1 < args.length) files.push(args[a + 1]);
      else if (args[a].startsWith('--values=')) files.push(args[a].slice('--values='.length));
      if (valueFlags.has(args[a])) a++;
      else if (!args[a].startsWith('-')) positional.push(args[a]);
    }
    if (positional[0] !== 'install' && positional[0] !== 'upgrade') continue;
    // install's name is optional (--generate-name): one positional is the chart.
    const [name, chart] = positional.length >= 3 ? [positional[1], positional[2]] : [undefined, positional[1]];
    // A chart from a repository (`bitnami/nginx` with --repo, `oci://…`) or a variable is no folder of the workspace.
    if (chart === undefined || /^[a-z]+:\/\//i.test(chart) || /[$`{}]/.test(chart) || args.includes('--repo')) continue;
    const namespace = namespaceFlag(args);
    // A values file named by an expression or a URL is not followed.
    const valueFiles = files.filter((file) => !/[$`{}]|^[a-z]+:\/\//i.test(file) && file !== '-');
    found.push({ chart, line, ...(name !== undefined && dnsLabel.test(name) ? { releaseName: name } : {}), ...(namespace !== undefined ? { namespace } : {}), ...(valueFiles.length > 0 ? { valueFiles } : {}) });
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
    if (isApplySource(file.uri) || isPowerShell(file.uri)) {
      for (const c of helmInstallCommands(file.text, isPowerShell(file.uri))) found.push({ chart: c.chart, uri: file.uri, given: given(c.releaseName, c.namespace), ...(c.valueFiles ? { valueFiles: c.valueFiles } : {}) });
    }
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
