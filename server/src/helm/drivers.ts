/**
 * What a chart's values file drives of the workloads it deploys (the cost family's lenses on values*.yaml, issue #81):
 * each key the caller asks about (its path), in each release that reads this file's value of it (the Application that
 * deploys the chart with the file, or the chart's default release for values.yaml, unless a later file or the
 * Application's values set the key again), with the workloads rendered by a template that reads the key, or scaled by
 * an HPA such a template writes.
 */
import { fromPlain, isMap, type GoMap, type GoValue } from '../gotemplate/values';
import { KubernetesGraph, type KubernetesObject } from '../kubernetes/api';
import type { WorkspaceIndex } from '../workspace/index';
import { deepestInTree } from '../yaml/tree';
import type { ChartLayout } from './chart';
import { mapToTemplate, renderedIndex } from './manifests';
import { parsedTemplate, type ChartRender } from './render';
import { templateUses } from './valuePaths';
import { readValues } from './values';
import type { GivenValues } from './release';

/** A chart's release as deployed: its name (the Application's, else the chart folder's), its values, its values files' uris in order. */
export interface DeployedRelease {
  name: string;
  given: GivenValues;
  files: readonly string[];
}

export interface ValuesDriver {
  path: string[];
  /** The key's offsets in the values file. */
  start: number;
  end: number;
  release: string;
  /** The workloads its value drives in that release's render, each with its template's line. */
  workloads: { object: KubernetesObject; line: number }[];
}

/** How many keys of a values file are walked (a values file holds tens to hundreds). */
const MAX_KEYS = 10_000;
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/** The leaf paths of a values mapping (iterative, bounded). */
function leafPaths(values: GoMap): string[][] {
  const out: string[][] = [];
  const work: { map: GoMap; path: string[] }[] = [{ map: values, path: [] }];
  let seen = 0;
  while (work.length > 0 && seen < MAX_KEYS) {
    const { map, path } = work.pop()!;
    for (const [key, value] of map) {
      if (++seen > MAX_KEYS) break;
      if (isMap(value) && value.size > 0) work.push({ map: value, path: [...path, key] });
      else out.push([...path, key]);
    }
  }
  return out.reverse();
}

const sets = (values: GoValue | undefined, path: readonly string[]): boolean => {
  let at: GoValue | undefined = values;
  for (const key of path) {
    if (!isMap(at) || !at.has(key)) return false;
    at = at.get(key);
  }
  return true;
};

const related = (a: readonly string[], b: readonly string[]) => (a.length <= b.length ? a.every((k, i) => b[i] === k) : b.every((k, i) => a[i] === k));

/**
 * The keys `wanted` picks in the values file `uri` of `layout`, each in each release of `releases` that reads its value
 * there, with the workloads it drives.
 */
export function valuesDrivers(index: WorkspaceIndex, layout: ChartLayout, uri: string, releases: readonly DeployedRelease[], wanted: (path: readonly string[]) => boolean, render: (given: GivenValues) => ChartRender): ValuesDriver[] {
  const doc = readValues(index.get(uri));
  if (!doc) return [];
  const paths = leafPaths(doc.values).filter(wanted);
  if (paths.length === 0) return [];
  const reads = layout.templates.map((t) => ({ uri: t, paths: (() => {
    const file = index.get(t);
    return file ? templateUses(parsedTemplate(file)).values.map((u) => u.path) : [];
  })() }));
  const out: ValuesDriver[] = [];
  for (const release of releases) {
    const at = uri === layout.values ? -1 : release.files.indexOf(uri);
    if (uri !== layout.values && at < 0) continue;
    // What is given after this file: a later values file, then the Application's own values.
    const later: GoValue[] = [...release.files.slice(at + 1).map((f) => readValues(index.get(f))?.values).filter((v): v is GoMap => v !== undefined), fromPlain(release.given.values ?? {})];
    const live = paths.filter((path) => !later.some((v) => sets(v, path)));
    if (live.length === 0) continue;
    const rendered = render(release.given);
    const output = renderedIndex(rendered, {});
    const objects = [...KubernetesGraph.of(output).all()];
    const lineOf = (object: KubernetesObject) => {
      const segments = rendered.outcomes.get(object.uri)?.segments;
      const text = output.get(object.uri);
      const template = index.get(object.uri);
      const offset = text ? text.lines.offsetAt(object.range.start) : 0;
      return segments && template ? template.lines.positionAt(mapToTemplate(segments, offset, offset)[0]).line + 1 : 1;
    };
    for (const path of live) {
      const readers = new Set(reads.filter((r) => r.paths.some((p) => related(p, path))).map((r) => r.uri));
      const driven = new Set<KubernetesObject>();
      for (const o of objects) {
        if (!readers.has(o.uri)) continue;
        if (WORKLOADS.has(o.kind)) driven.add(o);
        else if (o.kind === 'HorizontalPodAutoscaler') {
          const target = o.value.spec && typeof o.value.spec === 'object' ? (o.value.spec as Record<string, unknown>).scaleTargetRef as Record<string, unknown> | undefined : undefined;
          for (const w of objects) if (w.kind === target?.kind && w.name === target?.name && w.namespace === o.namespace) driven.add(w);
        }
      }
      const key = deepestInTree(doc.tree, path).key;
      if (!key || driven.size === 0) continue;
      const namespace = release.given.namespace;
      const placed = (object: KubernetesObject) => (namespace && object.namespace === undefined ? { ...object, namespace } : object);
      out.push({ path, start: doc.offset + key.start, end: doc.offset + key.end, release: release.name, workloads: [...driven].map((object) => ({ object: placed(object), line: lineOf(object) })) });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.release.localeCompare(b.release));
}
