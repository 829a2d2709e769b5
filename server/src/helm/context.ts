/**
 * What a chart's templates see, as Helm builds it: .Values, .Release (a map), .Chart (Chart.yaml
 * as chart.Metadata, whose fields are capitalised), .Capabilities (the configured Kubernetes
 * release and the API versions Archipel has schemas for), .Files (the chart's other files, read
 * on demand through the injected reader), .Template and .Subcharts.
 */
import { Minimatch } from 'minimatch';
import { toYaml } from '../gotemplate/codec';
import { fromPlain, GoObject, type GoMap, type GoMethod, type GoValue, type ParamType } from '../gotemplate/values';
import { chartFields } from './chartFile';
import { isIgnored, type IgnoreRules } from './ignore';

/** Reads beside the index, in the chart's folder only (the descriptor binds it to the disk, bounded). */
export interface HelmReader {
  /** The files under a folder URI (relative paths, `/`-separated), or undefined when it cannot be listed. */
  listFiles(folder: string): readonly string[] | undefined;
  /** A small file's text, or undefined. */
  readText(uri: string): string | undefined;
  /** A file's bytes, at most `limit` (a larger one is not read: undefined), or undefined. */
  readBytes(uri: string, limit: number): Buffer | undefined;
}

export interface ReleaseOptions {
  name: string;
  namespace: string;
  /** `1.36`: the Kubernetes release the chart is rendered for. */
  kubeVersion: string;
  /** The group/versions (and group/version/kinds) the cluster serves. */
  apiVersions: readonly string[];
}

const method = (params: ParamType[], call: (args: GoValue[]) => GoValue): GoMethod => ({ params, call });

/** .Chart: Chart.yaml's fields under Go's names (an absent one is its zero value, as in the struct). */
export function chartObject(chartYaml: Record<string, unknown>): GoObject {
  const fields = new Map<string, GoValue>();
  const lists = new Set(['Keywords', 'Sources', 'Maintainers', 'Dependencies']);
  for (const [yamlName, goName] of Object.entries(chartFields)) {
    const value = Object.prototype.hasOwnProperty.call(chartYaml, yamlName) ? chartYaml[yamlName] : undefined;
    if (value === undefined || value === null) fields.set(goName, lists.has(goName) ? [] : goName === 'Deprecated' ? false : goName === 'Annotations' ? null : '');
    else fields.set(goName, goName === 'Maintainers' || goName === 'Dependencies' ? capitalised(fromPlain(value)) : typeof value === 'number' ? String(value) : fromPlain(value));
  }
  return new GoObject('*chart.Metadata', fields, new Map(), `{${String(chartYaml.name ?? '')}}`);
}

/** Maintainers and dependencies are structs too: their keys as Go names (name → Name). */
function capitalised(value: GoValue): GoValue {
  if (!Array.isArray(value)) return value;
  return value.map((item) => (item instanceof Map ? new GoObject('*chart.Struct', new Map([...item].map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v]))) : item));
}

/** .Capabilities for a Kubernetes release. */
export function capabilities(options: ReleaseOptions): GoObject {
  const [major, minor] = options.kubeVersion.split('.');
  const version = `v${major}.${minor}.0`;
  const kube = new GoObject(
    '*chartutil.KubeVersion',
    new Map<string, GoValue>([
      ['Version', version],
      ['Major', major],
      ['Minor', minor],
    ]),
    new Map([
      ['String', method([], () => version)],
      ['GitVersion', method([], () => version)],
    ]),
    version,
  );
  const versions = [...options.apiVersions];
  const apiVersions = new GoObject('chartutil.VersionSet', new Map(), new Map([['Has', method(['string'], ([v]) => versions.includes(v as string))]]), undefined, versions);
  const helm = new GoObject('chartutil.BuildInfo', new Map<string, GoValue>([['Version', 'v3.19.0'], ['GitCommit', ''], ['GitTreeState', ''], ['GoVersion', 'go1.24']]));
  return new GoObject('*chartutil.Capabilities', new Map<string, GoValue>([['APIVersions', apiVersions], ['KubeVersion', kube], ['HelmVersion', helm]]));
}

/** Files Helm does not give to .Files (the chart's own parts). */
const special = /^(Chart\.yaml|Chart\.lock|values\.yaml|values\.schema\.json|requirements\.(yaml|lock)|templates\/.*|charts\/.*|\.helmignore)$/;

/** .Files: the chart's other files (less what its .helmignore leaves out), listed and read through the reader when a template asks. */
export function filesObject(root: string, reader: HelmReader, only?: readonly string[], ignore?: IgnoreRules): GoObject {
  let listed: readonly string[] | undefined = only;
  const list = () => (listed ??= (reader.listFiles(root) ?? []).filter((p) => !special.test(p) && !(ignore && isIgnored(ignore, p))));
  const texts = new Map<string, string>();
  const read = (path: string): string | undefined => {
    if (!list().includes(path)) return undefined;
    let text = texts.get(path);
    if (text === undefined) texts.set(path, (text = reader.readText(root + path.split('/').map(encodeURIComponent).join('/')) ?? ''));
    return text;
  };
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const map = (encode: (text: string) => string) => {
    const out: GoMap = new Map();
    for (const path of list()) out.set(base(path), encode(read(path) ?? ''));
    return out;
  };
  const entries: GoMap = new Map();
  const methods = new Map<string, GoMethod>([
    ['Get', method(['string'], ([p]) => read(p as string) ?? '')],
    ['GetBytes', method(['string'], ([p]) => read(p as string) ?? '')],
    [
      'Glob',
      method(['string'], ([pattern]) => {
        const glob = new Minimatch(pattern as string, { dot: true });
        return filesObject(root, reader, list().filter((p) => glob.match(p)));
      }),
    ],
    ['AsConfig', method([], () => (list().length === 0 ? '' : toYaml(map((text) => text))))],
    ['AsSecrets', method([], () => (list().length === 0 ? '' : toYaml(map((text) => Buffer.from(text, 'utf8').toString('base64')))))],
    [
      'Lines',
      method(['string'], ([p]) => {
        const text = read(p as string);
        if (!text) return [];
        return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
      }),
    ],
  ]);
  // Ranging over .Files (or a Glob) gives each path and its content.
  const object = new GoObject('engine.files', new Map(), methods, undefined, undefined, entries);
  if (only) for (const path of only) entries.set(path, read(path) ?? '');
  return object;
}

/** .Release as Helm 3 gives it to templates (as lint and template do: an install, revision 1). */
export function releaseObject(name: string, namespace: string): GoMap {
  return new Map<string, GoValue>([
    ['Name', name],
    ['Namespace', namespace],
    ['IsUpgrade', false],
    ['IsInstall', true],
    ['Revision', 1n],
    ['Service', 'Helm'],
  ]);
}

/** The top-level dot of a template: Helm's render values. */
export function renderValues(values: GoMap, chart: GoObject, files: GoObject, caps: GoObject, options: ReleaseOptions, templateName: string, basePath: string, subcharts: GoMap = new Map()): GoMap {
  return new Map<string, GoValue>([
    ['Values', values],
    ['Chart', chart],
    ['Capabilities', caps],
    ['Files', files],
    ['Subcharts', subcharts],
    ['Release', releaseObject(options.name, options.namespace)],
    [
      'Template',
      new Map<string, GoValue>([
        ['Name', templateName],
        ['BasePath', basePath],
      ]),
    ],
  ]);
}
