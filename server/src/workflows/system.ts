/**
 * The workflows family's part of the system map: what a CI workflow (or a Makefile, a shell script)
 * deploys — the workloads of the folders its `kubectl apply -f` / `-k` commands apply, and, GitOps
 * style, the manifests a workflow edits and pushes (a job bumping an image in `kubernetes/deployment.yaml`
 * then `git push`: the commit is the deployment an Argo CD Application syncs).
 */
import type { SystemBuilder, SystemContributor } from '../features/system/contributor';
import { applyCommands, isApplySource, joinPath, KubernetesGraph, type KubernetesObject, podSpecPath, workloadId } from '../kubernetes/api';
import { fileLabel, sourceOfLine } from '../features/system/source';
import type { IndexedFile } from '../workspace/index';

const workflowFile = /\/\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i;

/** The folder a source's relative paths start from: the repository's root for a workflow, the file's folder for a script. */
function baseOf(uri: string): string {
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  return workflowFile.test(uri) ? folder.split('/').slice(0, -2).join('/') : folder;
}

function sourceNode(builder: SystemBuilder, file: IndexedFile): string {
  const workflow = workflowFile.test(file.uri);
  const id = workflow ? `workflow:${file.uri}` : `script:${file.uri}`;
  // The first `name:` line's value, unquoted; none when it holds a comment or a quote inside.
  const named = workflow ? /^name:(.*)$/m.exec(file.text)?.[1].trim() : undefined;
  const name = (named !== undefined ? /^["']?([^"'#]+)["']?$/.exec(named)?.[1].trim() : undefined) || fileLabel(file.uri);
  builder.node({ id, kind: 'pipeline', name, technology: workflow ? 'GitHub Actions' : /\.sh$/.test(file.uri) ? 'shell script' : 'Makefile', sources: [sourceOfLine(file, 0)] });
  return id;
}

/** Workloads by the file defining them. */
function workloadFiles(builder: SystemBuilder): Map<string, KubernetesObject[]> {
  const byFile = new Map<string, KubernetesObject[]>();
  for (const object of KubernetesGraph.of(builder.index).all()) {
    if (!podSpecPath(object.kind) || object.name === undefined || object.kind === 'Pod' || object.kind === 'ReplicaSet') continue;
    byFile.set(object.uri, [...(byFile.get(object.uri) ?? []), object]);
  }
  return byFile;
}

function contributeSource(builder: SystemBuilder, file: IndexedFile, workloads: Map<string, KubernetesObject[]>): void {
  const base = baseOf(file.uri);
  let from: string | undefined;
  const deploy = (objects: readonly KubernetesObject[], line: number, label: string) => {
    for (const object of objects) {
      from ??= sourceNode(builder, file);
      builder.edge({ from, to: workloadId(object), kind: 'deploys', label, sources: [sourceOfLine(file, line)] });
    }
  };
  for (const command of applyCommands(file.text)) {
    const target = joinPath(base, command.path.replace(/\/$/, ''));
    if (!target) continue;
    for (const [uri, objects] of workloads) if (uri === target || uri.startsWith(`${target}/`)) deploy(objects, command.line, command.kustomize ? 'kubectl apply -k' : 'kubectl apply');
  }
  // GitOps: a workflow that edits a manifest and pushes the commit.
  if (workflowFile.test(file.uri) && /\bgit\s+push\b/.test(file.text)) {
    const lines = file.text.split('\n');
    lines.forEach((line, i) => {
      if (!/\b(sed|yq|kustomize\s+edit|git\s+(add|commit))\b/.test(line)) return;
      for (const match of line.matchAll(/(?<![\w./-])[\w./-]+\.ya?ml\b/g)) {
        const target = joinPath(base, match[0].replace(/^\.\//, ''));
        const objects = target ? workloads.get(target) : undefined;
        if (objects) deploy(objects, i, 'commits the manifest (GitOps)');
      }
    });
  }
}

export const workflowsSystem: SystemContributor = {
  contribute(builder) {
    let workloads: Map<string, KubernetesObject[]> | undefined;
    for (const file of builder.index.files()) {
      if (file.skipped || !isApplySource(file.uri) || !(file.text.includes('kubectl') || file.text.includes('git push'))) continue;
      workloads ??= workloadFiles(builder);
      if (workloads.size === 0) return;
      contributeSource(builder, file, workloads);
    }
  },
};
