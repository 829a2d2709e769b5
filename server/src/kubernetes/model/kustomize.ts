import type { KubernetesGraph, KubernetesObject } from './objects';
import { sameNamespace } from './objects';
import { applyCommands, joinPath, type ApplyCommand } from './applyCommands';
import { isObject, type Json } from './workloads';

/** What kustomizations of the workspace do to the files they list, as the rules need it. */
export interface KustomizeFacts {
  /** Files used as patches: partial objects by design. */
  patchFiles: Set<string>;
  /** Resource files of kustomizations that add labels to selectors (commonLabels, labels.includeSelectors). */
  selectorLabelled: Set<string>;
  /** ConfigMaps and Secrets that configMapGenerator/secretGenerator produce. */
  generated: { kind: 'ConfigMap' | 'Secret'; name: string; /** With the kustomization's namePrefix and nameSuffix. */ built: string; namespace?: string; keys?: Set<string>; by: KubernetesObject }[];
}

function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

function listed(kustomization: KubernetesObject, entries: Json | undefined): string[] {
  if (!Array.isArray(entries)) return [];
  const base = folderOf(kustomization.uri);
  return entries.flatMap((entry) => {
    const file = typeof entry === 'string' ? entry : isObject(entry) && typeof entry.path === 'string' ? entry.path : undefined;
    return file && !/^[a-z][a-z0-9+.-]*:\/\//i.test(file) ? [new URL(file, base).href] : [];
  });
}

/** Keys of a generator entry: `literals` (k=v), `files` (k=path or the file name); unknown with `envs`. */
function generatorKeys(entry: Record<string, Json>): Set<string> | undefined {
  if (Array.isArray(entry.envs) || typeof entry.env === 'string') return undefined;
  const keys = new Set<string>();
  for (const literal of Array.isArray(entry.literals) ? entry.literals : []) if (typeof literal === 'string' && literal.includes('=')) keys.add(literal.slice(0, literal.indexOf('=')));
  for (const file of Array.isArray(entry.files) ? entry.files : []) {
    if (typeof file !== 'string') continue;
    keys.add(file.includes('=') ? file.slice(0, file.indexOf('=')) : file.slice(file.lastIndexOf('/') + 1));
  }
  return keys;
}

/** kustomize's own files: a Kustomization, or a Component (`kind: Component`, reusable patches and resources). */
function kustomizations(graph: KubernetesGraph): KubernetesObject[] {
  return [...graph.ofKind('Kustomization').filter((k) => !k.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')), ...graph.ofKind('Component').filter((k) => k.apiVersion.startsWith('kustomize.config.k8s.io/'))];
}

export function kustomizeFacts(graph: KubernetesGraph): KustomizeFacts {
  return graph.derived(kustomizeFacts, () => {
    const facts: KustomizeFacts = { patchFiles: new Set(), selectorLabelled: new Set(), generated: [] };
    for (const k of kustomizations(graph)) {
      const v = k.value;
      for (const file of [...listed(k, v.patchesStrategicMerge), ...listed(k, v.patches)]) facts.patchFiles.add(file);
      const labels = Array.isArray(v.labels) ? v.labels : [];
      const addsSelectors = isObject(v.commonLabels) || labels.some((l) => isObject(l) && l.includeSelectors === true);
      if (addsSelectors) for (const file of listed(k, v.resources)) facts.selectorLabelled.add(file);
      const namespace = typeof v.namespace === 'string' ? v.namespace : undefined;
      // kustomize names a generated object with the kustomization's namePrefix and nameSuffix: a patch of its overlay names it so.
      const prefix = typeof v.namePrefix === 'string' ? v.namePrefix : '';
      const suffix = typeof v.nameSuffix === 'string' ? v.nameSuffix : '';
      for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
        const entries = v[field];
        if (!Array.isArray(entries)) continue;
        for (const entry of entries) {
          if (!isObject(entry) || typeof entry.name !== 'string') continue;
          facts.generated.push({ kind, name: entry.name, built: `${prefix}${entry.name}${suffix}`, namespace: typeof entry.namespace === 'string' ? entry.namespace : namespace, keys: generatorKeys(entry), by: k });
        }
      }
    }
    return facts;
  });
}

/** ConfigMaps or Secrets of that name that a kustomization generates. */
export function generatedBy(graph: KubernetesGraph, kind: 'ConfigMap' | 'Secret', name: string, namespace: string | undefined): KustomizeFacts['generated'] {
  return kustomizeFacts(graph).generated.filter((g) => g.kind === kind && (g.name === name || g.built === name) && sameNamespace(g.namespace, namespace));
}

/** The nearest folder above a file that holds a kustomization: files of different roots are built apart. */
export function kustomizeRoot(uri: string, graph: KubernetesGraph): string | undefined {
  // Asked for every object of the workspace: one answer per folder and graph, each folder's
  // answer built from its parent's (2,000 application folders share a handful of ancestors).
  const known = graph.derived(kustomizeRoot, () => new Map<string, string | undefined>());
  const rootOf = (dir: string): string | undefined => {
    if (known.has(dir)) return known.get(dir);
    let root: string | undefined;
    if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((name) => graph.files.has(`${dir}/${name}`))) root = dir;
    else {
      const parent = dir.slice(0, dir.lastIndexOf('/'));
      root = parent.includes('/') ? rootOf(parent) : undefined;
    }
    known.set(dir, root);
    return root;
  };
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  return folder.includes('/') ? rootOf(folder) : undefined;
}

const strategicMergeDirective = /^\$(patch|retainKeys|deleteFromPrimitiveList\/.+|setElementOrder\/.+)$/;

/** Kinds whose spec.selector kustomize creates from commonLabels. */
const selectorCreated = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/**
 * Whether a missing-field schema finding is not a problem in this file because kustomize supplies
 * the field at build time: any required field of a patch, or the selector that commonLabels adds.
 */
export function filledByKustomize(graph: KubernetesGraph, uri: string, kind: string | undefined, data: unknown): boolean {
  if (!isObject(data)) return false;
  const facts = kustomizeFacts(graph);
  const unknownField = (data as { unknownField?: unknown }).unknownField;
  // Strategic-merge directives ($patch: delete, $retainKeys, $setElementOrder/…) are legal in a patch.
  if (typeof unknownField === 'string') return facts.patchFiles.has(uri) && strategicMergeDirective.test(unknownField);
  if (typeof (data as { required?: unknown }).required !== 'string') return false;
  if (facts.patchFiles.has(uri)) return true;
  const { required, at } = data as { required: string; at: string };
  return required === 'selector' && at === '/spec' && !!kind && selectorCreated.has(kind) && facts.selectorLabelled.has(uri);
}

/** Folders an Argo CD Application of the workspace deploys (its source `path`s), as folder URIs, and whether it recurses. */
function argoFolders(graph: KubernetesGraph): { folder: string; recurse: boolean }[] {
  return graph.derived(argoFolders, () => {
    const paths = new Map<string, boolean>();
    for (const app of graph.ofKind('Application')) {
      if (!app.apiVersion.startsWith('argoproj.io/')) continue;
      const spec = isObject(app.value.spec) ? app.value.spec : {};
      const sources = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])];
      for (const source of sources) {
        const path = isObject(source) && typeof source.path === 'string' ? source.path.replace(/^\.\/?/, '').replace(/\/$/, '') : '';
        const directory = isObject(source) && isObject(source.directory) ? source.directory : {};
        if (path !== '') paths.set(path, (paths.get(path) ?? false) || directory.recurse === true);
      }
    }
    return [...graph.folders].flatMap((folder) => [...paths].filter(([path]) => folder.endsWith(`/${path}`)).map(([, recurse]) => ({ folder, recurse })));
  });
}

/**
 * The unit a manifest is applied with, within which an object may be defined once: its kustomize
 * root; else the folder an Argo CD Application deploys with directory.recurse that holds it; else its own folder (what
 * `kubectl apply -f <folder>` applies). Independent example apps and alternative variants of one
 * repository live in different units.
 */
export function applyUnit(uri: string, graph: KubernetesGraph): string {
  const root = kustomizeRoot(uri, graph);
  if (root) return root;
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  // Argo CD reads only the folder itself unless the Application sets directory.recurse; kubectl, -R.
  const recursive = gitOpsFolders(graph).filter((a) => a.recurse && folder.startsWith(`${a.folder}/`)).map((a) => a.folder);
  return recursive.sort((a, b) => b.length - a.length)[0] ?? folder;
}

/** The kustomization file of a folder (URI without trailing slash), if the workspace holds one. */
function kustomizationIn(folder: string, graph: KubernetesGraph): string | undefined {
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((n) => `${folder}/${n}`).find((f) => graph.files.has(f));
}

/** The manifest files each kustomization builds: its resources, and what the folders and components it lists build (transitively). */
function builtFiles(graph: KubernetesGraph): Map<string, Set<string>> {
  return graph.derived(builtFiles, () => {
    const byFile = new Map<string, KubernetesObject>();
    for (const k of kustomizations(graph)) byFile.set(k.uri, k);
    const built = new Map<string, Set<string>>();
    // Depth first with an explicit stack (a chain of thousands of kustomizations, each listing the
    // next, overflowed the stack): a kustomization met again on the way down builds nothing there.
    const visit = (root: string, seen: Set<string>): void => {
      type Frame = { uri: string; entries: string[]; next: number; files: Set<string> };
      const enter = (uri: string): Frame | Set<string> => {
        const known = built.get(uri);
        if (known) return known;
        const k = byFile.get(uri);
        if (!k || seen.has(uri)) return new Set<string>();
        seen.add(uri);
        return { uri, entries: [...listed(k, k.value.resources), ...listed(k, k.value.components), ...listed(k, k.value.bases)], next: 0, files: new Set<string>() };
      };
      const first = enter(root);
      if (first instanceof Set) return;
      const stack: Frame[] = [first];
      while (stack.length > 0) {
        const frame = stack[stack.length - 1];
        if (frame.next >= frame.entries.length) {
          built.set(frame.uri, frame.files);
          stack.pop();
          if (stack.length > 0) for (const f of frame.files) stack[stack.length - 1].files.add(f);
          continue;
        }
        const entry = frame.entries[frame.next++];
        const inner = kustomizationIn(entry.replace(/\/$/, ''), graph);
        if (!inner) {
          frame.files.add(entry);
          continue;
        }
        const child = enter(inner);
        if (child instanceof Set) for (const f of child) frame.files.add(f);
        else stack.push(child);
      }
    };
    for (const uri of byFile.keys()) visit(uri, new Set());
    return built;
  });
}

/** Where a folder is applied from: the script, Makefile or workflow line running kubectl. */
export interface ApplySource {
  uri: string;
  line: number;
}

/**
 * Folders applied whole: an Argo CD Application's path (with its subfolders when it recurses), a
 * Flux Kustomization's path (always recursive), a folder a workflow step, Makefile or script gives
 * `kubectl apply -f` or `kubectl create -f` (with its subfolders under -R).
 */
function gitOpsFolders(graph: KubernetesGraph): { folder: string; recurse: boolean; source?: ApplySource }[] {
  return graph.derived(gitOpsFolders, () => {
    const flux = graph.ofKind('Kustomization').filter((k) => k.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/'));
    const paths = flux.flatMap((k) => {
      const spec = isObject(k.value.spec) ? k.value.spec : {};
      return typeof spec.path === 'string' ? [spec.path.replace(/^\.\/?/, '').replace(/\/$/, '')] : [];
    });
    const fluxFolders = [...graph.folders].flatMap((folder) => paths.filter((p) => p !== '' && folder.endsWith(`/${p}`)).map(() => ({ folder, recurse: true })));
    return [...argoFolders(graph), ...fluxFolders, ...commandFolders(graph)];
  });
}

/**
 * The folders kubectl commands of the workspace's scripts apply. A relative path is read from the
 * script's folder, else from each folder above it (a workflow's from its repository root, where its
 * steps start): the first that is a folder of the workspace. Files and kustomize roots (-k) are
 * units already.
 */
function basesOf(uri: string): string[] {
  const workflow = /\/\.(github|gitea|forgejo)\/workflows\//.exec(uri);
  let base = workflow ? uri.slice(0, workflow.index) : uri.slice(0, uri.lastIndexOf('/'));
  const bases: string[] = [];
  for (; base.split('/').length > 3; base = base.slice(0, base.lastIndexOf('/'))) bases.push(base);
  return bases;
}

function commandFolders(graph: KubernetesGraph): { folder: string; recurse: boolean; source: ApplySource }[] {
  const found: { folder: string; recurse: boolean; source: ApplySource }[] = [];
  for (const [uri, text] of graph.applySources) {
    const bases = basesOf(uri);
    for (const command of applyCommands(text)) {
      if (command.kustomize || command.glob) continue;
      const folder = bases.map((b) => joinPath(b, command.path)).find((f) => f !== undefined && graph.folders.has(f));
      if (folder) found.push({ folder, recurse: command.recursive, source: { uri, line: command.line } });
    }
  }
  return found;
}

/**
 * A Go file pattern (filepath.Match: `*`, `?`, `[…]`, never across a `/`) as a matcher. Matched
 * star by star, the last star alone taking back (at most names × pattern steps): as one regular
 * expression, `a*a*a*…b` took names^stars steps on a long name of `a`.
 */
function patternRegex(pattern: string): { test(name: string): boolean } {
  const star = Symbol('*');
  const parts: (string | RegExp | typeof star)[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const close = c === '[' ? pattern.indexOf(']', i + 1) : -1;
    if (c === '*') parts.push(star);
    else if (c === '?') parts.push(/^[^/]$/);
    else if (close > i) {
      // Go negates a class with ^, as a regular expression does; one class tests one character.
      let one: RegExp;
      try {
        one = new RegExp(`^[${pattern.slice(i + 1, close).replace(/\\/g, '\\\\')}]$`);
      } catch {
        one = /$^/;
      }
      parts.push(one);
      i = close;
    } else parts.push(c);
  }
  const matchesOne = (part: string | RegExp, c: string) => (typeof part === 'string' ? part === c : part.test(c));
  return {
    test(name: string): boolean {
      let p = 0;
      let s = 0;
      let starAt = -1;
      let starFrom = 0;
      while (s < name.length) {
        const part = parts[p];
        if (part === star) {
          starAt = p++;
          starFrom = s;
        } else if (part !== undefined && matchesOne(part, name[s])) {
          p++;
          s++;
        } else if (starAt >= 0 && name[starFrom] !== '/') {
          p = starAt + 1;
          s = ++starFrom;
        } else return false;
      }
      while (parts[p] === star) p++;
      return p === parts.length;
    },
  };
}

/** The manifests one path of a kubectl command names, read from `base`: a file, a folder's files (its tree under -R), a pattern's matches. */
function filesOf(command: ApplyCommand, base: string, graph: KubernetesGraph, byFolder: Map<string, string[]>): string[] {
  if (command.glob) {
    const slash = command.path.lastIndexOf('/');
    // kubectl expands the pattern within one folder; a pattern in a folder name is not followed.
    const folder = slash < 0 ? base : joinPath(base, command.path.slice(0, slash));
    if (folder === undefined || /[*?[]/.test(command.path.slice(0, Math.max(0, slash)))) return [];
    const name = patternRegex(command.path.slice(slash + 1));
    return (byFolder.get(folder) ?? []).filter((f) => name.test(f.slice(folder.length + 1)));
  }
  const path = joinPath(base, command.path.replace(/\/$/, ''));
  if (path === undefined) return [];
  if (graph.files.has(path)) return [path];
  if (!graph.folders.has(path)) return [];
  return command.recursive ? [...graph.files].filter((f) => f.startsWith(`${path}/`)) : (byFolder.get(path) ?? []);
}

/** The workspace's manifests by folder (built once per graph). */
function filesByFolder(graph: KubernetesGraph): Map<string, string[]> {
  return graph.derived(filesByFolder, () => {
    const byFolder = new Map<string, string[]>();
    for (const file of graph.files) {
      const folder = file.slice(0, file.lastIndexOf('/'));
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
    }
    return byFolder;
  });
}

/**
 * The namespace a kubectl command of the workspace's scripts applies each file into (`kubectl apply -n prod -f k8s/`):
 * its objects naming none are created there. A file two commands apply into different namespaces is in neither.
 */
export function commandNamespaces(graph: KubernetesGraph): ReadonlyMap<string, string> {
  return graph.derived(commandNamespaces, () => {
    const into = new Map<string, string | null>();
    for (const [uri, text] of graph.applySources) {
      for (const command of applyCommands(text)) {
        if (command.kustomize || command.namespace === undefined) continue;
        for (const file of basesOf(uri).map((b) => filesOf(command, b, graph, filesByFolder(graph))).find((f) => f.length > 0) ?? []) {
          const before = into.get(file);
          into.set(file, before === undefined || before === command.namespace ? command.namespace : null);
        }
      }
    }
    return new Map([...into].filter((entry): entry is [string, string] => entry[1] !== null));
  });
}

/**
 * What each kubectl command of the workspace's scripts applies at once when it names several
 * paths (`-f a.yaml -f b/`, `-f a.yaml,b.yaml`, `-f 'k8s/*.yaml'`): those files together, from
 * the first base folder (as commandFolders reads them) where the path names something. A command of
 * one folder is a folder unit already (commandFolders).
 */
function commandUnits(graph: KubernetesGraph): { files: Set<string>; source: ApplySource }[] {
  return graph.derived(commandUnits, () => {
    const units: { files: Set<string>; source: ApplySource }[] = [];
    for (const [uri, text] of graph.applySources) {
      const commands = new Map<number, ApplyCommand[]>();
      for (const command of applyCommands(text)) if (!command.kustomize) commands.set(command.command, [...(commands.get(command.command) ?? []), command]);
      for (const paths of commands.values()) {
        if (paths.length < 2 && !paths[0].glob) continue;
        const byFolder = filesByFolder(graph);
        const files = new Set<string>();
        for (const command of paths) for (const file of basesOf(uri).map((b) => filesOf(command, b, graph, byFolder)).find((f) => f.length > 0) ?? []) files.add(file);
        if (files.size > 1) units.push({ files, source: { uri, line: paths[0].line } });
      }
    }
    return units;
  });
}

/** Whether one kubectl command applies both files (commandUnits), and where. */
export function appliedByOneCommand(a: string, b: string, graph: KubernetesGraph): ApplySource | undefined {
  return commandUnits(graph).find((unit) => unit.files.has(a) && unit.files.has(b))?.source;
}

/**
 * Whether two manifests are applied together, so that defining one object in both is a conflict:
 * one multi-document file, a kustomization building both, or a GitOps application applying a
 * folder that holds both (with the applying line when a script's kubectl does it); undefined when
 * not. Otherwise two files of one folder are alternatives a user applies one of (`aws-ebs.yaml` and
 * `gce-pd.yaml` defining StorageClass "slow").
 */
export function applyingTogether(a: string, b: string, graph: KubernetesGraph): { source?: ApplySource } | undefined {
  if (a === b) return {};
  for (const files of builtFiles(graph).values()) if (files.has(a) && files.has(b)) return {};
  const folderA = a.slice(0, a.lastIndexOf('/'));
  const folderB = b.slice(0, b.lastIndexOf('/'));
  const unit = gitOpsFolders(graph).find(({ folder, recurse }) => {
    const holds = (f: string) => f === folder || (recurse && f.startsWith(`${folder}/`));
    return holds(folderA) && holds(folderB);
  });
  if (unit) return { source: unit.source };
  const source = appliedByOneCommand(a, b, graph);
  return source ? { source } : undefined;
}

/** The folder every indexed file lies under (the workspace, as far as the graph knows it). */
export function commonFolder(graph: KubernetesGraph): string {
  return graph.derived(commonFolder, () => {
    let common: string | undefined;
    for (const file of graph.files) {
      const folder = file.slice(0, file.lastIndexOf('/') + 1);
      if (common === undefined) common = folder;
      else while (!folder.startsWith(common)) common = common.slice(0, common.lastIndexOf('/', common.length - 2) + 1);
    }
    return common ?? '';
  });
}
