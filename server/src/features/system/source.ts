/** Where a contribution is said, from what the families hold: offsets in a file, a node of a YAML document's source tree. */
import type { SystemSource } from './contributor';
import type { IndexedFile } from '../../workspace/index';
import type { SourceNode } from '../../yaml/sourceNode';

/** The source of `[start, end)` in a file (absolute offsets). */
export function sourceAt(file: IndexedFile, start: number, end: number): SystemSource {
  return { uri: file.uri, range: file.lines.range(start, end) };
}

/** The source of a node of a YAML document starting at `offset` in the file; the document's start when there is no node. */
export function sourceOfNode(file: IndexedFile, offset: number, node: SourceNode | null | undefined): SystemSource {
  return node ? sourceAt(file, offset + node.start, offset + node.end) : sourceAt(file, offset, offset);
}

/** The source of a 0-based line of a file (its whole text). */
export function sourceOfLine(file: IndexedFile, line: number): SystemSource {
  const text = file.lines.lineText(line);
  return { uri: file.uri, range: { start: { line, character: 0 }, end: { line, character: text.length } } };
}

/** A short name for a file of the workspace: its folder's name and its own (`frontend/Dockerfile`). */
export function fileLabel(uri: string): string {
  const parts = decodeURIComponent(uri).split('/').filter(Boolean);
  return parts.slice(-2).join('/');
}

/** The id of the node standing for a file of the workspace (builder.artifact). */
export function artifactId(uri: string): string {
  return `file:${uri}`;
}

/** Folders that hold a part of a project (its docs, manifests, monitoring, governance), not a project. */
const partFolders = new Set([
  'docs', 'doc', 'documentation', 'adr', 'adrs', 'decisions', 'architecture', 'diagrams', 'governance', 'monitoring', 'observability', 'ops',
  'prometheus', 'grafana', 'provisioning', 'datasources', 'dashboards', 'alerting', 'alertmanager', '.github', '.gitea', '.forgejo', 'workflows',
  'kubernetes', 'k8s', 'manifests', 'kubernetes-manifests', 'deploy', 'deployment', 'deployments', 'base', 'overlays', 'helm', 'charts', 'release',
  'helm-chart', 'chart', 'kustomize', 'terraform', 'iac', 'infra', 'infrastructure', 'k8s-specifications', 'istio-manifests',
]);

/**
 * The project a file belongs to: its folder, or the nearest above that is not one of a project's part
 * folders (`docs/adr/0001-x.md`, `monitoring/prometheus.yml`, `kubernetes/app.yaml` → the folder holding
 * them). Governance, monitoring and drawings speak for the components of their project: a RACI of one
 * example in a repository of many does not owe owners to another's services.
 */
export function projectFolder(uri: string): string {
  let folder = uri.slice(0, uri.lastIndexOf('/'));
  for (let depth = 0; depth < 8; depth++) {
    const name = decodeURIComponent(folder.slice(folder.lastIndexOf('/') + 1)).toLowerCase();
    if (!partFolders.has(name) || !folder.slice(0, folder.lastIndexOf('/')).includes('/')) break;
    folder = folder.slice(0, folder.lastIndexOf('/'));
  }
  return folder;
}

/** Folders holding variants of a deployment (overlays, extras, examples, tests…), never a deployment of their own. */
export const variantFolders: ReadonlySet<string> = new Set(['extras', 'extra', 'examples', 'example', 'overlays', 'overlay', 'components', 'tests', 'test', 'samples', 'sample', 'demo', 'demos', 'e2e', 'sandbox', 'contrib', 'experimental']);

/**
 * The project a deployment file belongs to (issue #79): the folder above its first variant folder when it is
 * in one (`shop/k8s/overlays/prod/x.yaml`, `shop/extras/canary/x.yaml` → `shop`), then above the project's
 * part folders (projectFolder). Two deployments of different projects are two systems until what they run
 * says otherwise (docker/awesome-compose's 14 projects, two repositories vendored side by side).
 */
export function deploymentProject(uri: string): string {
  const segments = uri.split('/');
  // From the path's fourth segment: `file:`, '', the authority (`file:///a/b` → ['file:', '', '', 'a', 'b']).
  const at = segments.findIndex((segment, i) => i > 3 && i < segments.length - 1 && variantFolders.has(decodeURIComponent(segment).toLowerCase()));
  return projectFolder(at > 0 ? `${segments.slice(0, at).join('/')}/-` : uri);
}

/** Whether a URI is under a folder URI. */
export function under(uri: string, folder: string): boolean {
  return uri.startsWith(`${folder}/`);
}
