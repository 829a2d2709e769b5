// The fixture repositories of issue #64 (server/test/fixtures/oss/system, SOURCES.md there) as the
// system map sees them: each folder indexed whole, as `archipel diagram system <folder>` run in a
// copy of it would (a folder of its own, not the Archipel repository around it), the model built once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors, type SystemContribution } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { systemView, systemViews, type SystemView, type SystemViewGraph } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

export const corpus = path.join(fixturesDir, 'oss', 'system');

/** The repositories whose maps the tests read (argocd-example-apps has no licence: not in the fixtures). */
export const repositories = ['GoogleCloudPlatform+microservices-demo', 'GoogleCloudPlatform+bank-of-anthos', 'open-telemetry+opentelemetry-demo', 'instana+robot-shop', 'dotnet+eShop', 'hashicorp+terraform-provider-aws'] as const;

export interface Repository {
  index: WorkspaceIndex;
  model: SystemModel;
  contributors: readonly SystemContribution[];
  /** The folder's URI. */
  root: string;
  view: (view: SystemView) => SystemViewGraph;
}

const loaded = new Map<string, Repository>();

/** A fixture folder indexed whole (its LICENSE aside), as a workspace of its own. */
export function indexFolder(root: string): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name !== 'LICENSE') index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    }
  };
  walk(root);
  return index;
}

/** A fixture repository's index and model (made once per run); `under`: the folder holding it, when not the corpus. */
export async function repository(folder: string, under = corpus): Promise<Repository> {
  const root = path.join(under, folder);
  const known = loaded.get(root);
  if (known) return known;
  const index = indexFolder(root);
  const contributors = systemContributors(families);
  await prepareContributors(contributors, index);
  const model = buildSystemModel(index, contributors);
  const made: Repository = { index, model, contributors, root: pathToFileURL(root).href, view: (view) => systemView(model, view, folder) };
  loaded.set(root, made);
  return made;
}

export { systemViews };

/** The containers view of a workspace made of `files` in a temporary folder (removed after). */
export async function treeContainers(files: Record<string, string>): Promise<SystemViewGraph> {
  const { root, remove } = makeTree(files);
  try {
    const { view } = await repository(path.basename(root), path.dirname(root));
    return view('containers');
  } finally {
    remove();
  }
}

/** The calls of a view as `from → to`, by the nodes' names (the users' and possible calls included). */
export function calls(graph: SystemViewGraph, kind = 'calls'): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges.filter((e) => e.kind === kind).map((e) => `${name.get(e.from)} → ${name.get(e.to)}`).sort();
}

/**
 * The calls and possible calls on the containers view of the repository `folder` under `under`, but the users', each with
 * its evidence: `from → to [label] file:line`, by the nodes' names and the files' paths below the repository, sorted.
 */
export async function evidencedCalls(folder: string, under: string): Promise<string[]> {
  const { view, root } = await repository(folder, under);
  const graph = view('containers');
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges
    .filter((e) => (e.kind === 'calls' || e.kind === 'may-call') && name.get(e.from) !== 'Users')
    .flatMap((e) => e.sources.map((s) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${decodeURIComponent(s.uri.slice(root.length + 1))}:${s.range.start.line + 1}`))
    .sort();
}

/**
 * A folder's files as one workspace, each indexed as `context` (for its values, as the CLI indexes the neighbours of a
 * checked file): the files the system map reads (YAML, JSON, Markdown, .env, Structurizr, Mermaid, Terraform, Dockerfiles).
 */
export function contextIndex(folder: string): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name !== 'LICENSE' && /\.(ya?ml|json|md|env|dsl|mmd|tf)$|Dockerfile/i.test(name)) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'), { context: true });
    }
  };
  walk(folder);
  return index;
}

/** The calls of a workspace's map, `from → to` (and the edge's label with `labels`), its files given inline under file:///ws/. */
export function mapCalls(files: Record<string, string>, labels = false): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///ws/${name}`, text);
  const model = buildSystemModel(index, systemContributors(families));
  const name = new Map(model.nodes.map((n) => [n.id, n.name]));
  return model.edges.filter((e) => e.kind === 'calls' || e.kind === 'may-call').map((e) => `${name.get(e.from)} → ${name.get(e.to)}${labels ? ` ${e.label}` : ''}`).sort();
}
