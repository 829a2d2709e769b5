/**
 * A chart whose dependencies are not in the repository (subcharts from a registry or an OCI repository, never vendored
 * into charts/: zulip/docker-zulip's Bitnami PostgreSQL, RabbitMQ, Redis, Memcached). Helm renders nothing without
 * them; the map renders the chart's own templates, each template a missing dependency defines (`include
 * "postgresql.v1.primary.fullname" .Subcharts.postgresql`) rendered as nothing — never a guess of what it gives — and
 * says which dependencies it did not read (system.ts).
 */
import { chartLayouts } from './chart';
import { chartDependencies } from './dependencies';
import { renderChart, type ChartRender } from './render';
import { isMap, type GoMap } from '../gotemplate/values';
import type { HelmReader } from './context';
import type { WorkspaceIndex } from '../workspace/index';
import { remoteReleases } from './remoteReleases';

/** How many renders may each find one more template name nothing defines (a template calling several, one after another). */
const ROUNDS = 12;

/** How much of a template's text is looked at for the sections it walks through. */
const MAX_TEXT = 1_000_000;

/** Go's and Helm's words for a name nothing defines: `template "x" not defined`, include's `no template "x" associated with …`. */
const undefinedName = /\btemplate "([^"]+)" (?:associated with template "gotpl"|not defined)/;

/** The template names a render's failures say nothing defines. */
function undefinedTemplates(render: ChartRender): Set<string> {
  const names = new Set<string>();
  for (const outcome of render.outcomes.values()) {
    const name = outcome.error ? undefinedName.exec(outcome.error.message)?.[1] : undefined;
    if (name !== undefined) names.add(name);
  }
  return names;
}

/**
 * The values with, under each missing dependency's key, the maps the chart's own templates walk through
 * (`.Values.redis.auth.existingSecret` needs `redis.auth`): empty, since the dependency's defaults that hold them are
 * not read. No leaf is given a value: what they would hold is not guessed.
 */
function withAbsentSections(render: ChartRender): GoMap {
  const keys = new Set(render.missingDependencies);
  const values: GoMap = new Map(render.values);
  for (const uri of render.layout.templates) {
    const file = render.layout.home.get(uri);
    if (!file) continue;
    // Read from the text: a define's `.Values` is the caller's dot (`include "zulip.env" .`), which the parse does not follow.
    for (const match of file.text.slice(0, MAX_TEXT).matchAll(/\.Values((?:\.[A-Za-z_]\w*)+)/g)) {
      const path = match[1].slice(1).split('.');
      if (path.length < 3 || !keys.has(path[0])) continue;
      let map = values;
      for (const key of path.slice(0, -1)) {
        const next = map.get(key);
        if (next !== undefined && next !== null && !isMap(next)) break;
        const copy: GoMap = new Map(isMap(next ?? null) ? (next as GoMap) : []);
        map.set(key, copy);
        map = copy;
      }
    }
  }
  return values;
}

/**
 * `render` again without the dependencies that are not in the repository, when the chart has some and a template
 * fails: the maps of their sections the templates walk through empty, each template they would define rendered as
 * nothing; else `render` itself.
 */
export function withoutAbsentDependencies(index: WorkspaceIndex, render: ChartRender, reader: HelmReader): ChartRender {
  if (render.missingDependencies.length === 0 || !render.release || ![...render.outcomes.values()].some((o) => o.error)) return render;
  const values = withAbsentSections(render);
  const absent = new Set<string>();
  let current = renderChart(index, render.layout, values, render.release, reader);
  for (let round = 0; round < ROUNDS; round++) {
    const names = [...undefinedTemplates(current)].filter((name) => !absent.has(name) && !render.defined.has(name));
    if (names.length === 0) break;
    for (const name of names) absent.add(name);
    current = renderChart(index, render.layout, values, render.release, reader, undefined, undefined, absent);
  }
  return current;
}

/**
 * For the ledger of what a reading did not read (platform/notRead.ts): each dependency a chart of the workspace declares
 * from a repository (`oci://…`, `https://…`) that neither its charts/ nor the workspace gives, named by its repository,
 * name and version (`oci://registry-1.docker.io/bitnamicharts/postgresql@18.1.8`); and the chart of each release of a
 * registry's chart (remoteReleases.ts: a Flux HelmRelease, an Argo CD Application's `chart`), drawn by convention only.
 */
export function absentDependencies(index: WorkspaceIndex): { uri: string; reason: 'not-fetched' }[] {
  const found: { uri: string; reason: 'not-fetched' }[] = [];
  for (const layout of chartLayouts(index)) {
    if (layout.parent) continue;
    for (const dep of chartDependencies(index, layout)) {
      const repository = dep.declared?.repository;
      if (dep.source !== 'missing' || repository === undefined || !/^[a-z][a-z0-9+.-]*:\/\//i.test(repository) || repository.startsWith('file://')) continue;
      found.push({ uri: `${repository.replace(/(?<!\/)\/+$/, '')}/${dep.name}${dep.declared?.version !== undefined ? `@${dep.declared.version}` : ''}`, reason: 'not-fetched' });
    }
  }
  // A release of a registry's chart (a Flux HelmRelease, an Argo CD Application's `chart`): drawn by convention, its chart never read.
  for (const release of remoteReleases(index)) {
    const repository = (release.repository ?? '').replace(/(?<!\/)\/+$/, '');
    found.push({ uri: `${repository !== '' ? `${repository}/` : ''}${release.chart}${release.version !== undefined ? `@${release.version}` : ''}`, reason: 'not-fetched' });
  }
  return found;
}
