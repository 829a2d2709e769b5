/**
 * A release as Helm installs it: the chart and every dependency its values turn on (an umbrella chart's
 * subcharts, in charts/ or named by a `file://` path), each rendered with its own values — its section of its
 * parent's (under its alias, else its name), the parent's `global` over it — and `.Chart.Name` its alias, as
 * Helm's loader renames an aliased dependency. The map draws a chart as this release, not its own templates alone.
 */
import { capabilities, chartObject, filesObject, renderValues } from './context';
import { chartDependencies, dependencyEnabled } from './dependencies';
import { readerFor } from './packaged';
import { chartName, chartPool, executeInto, setFiles, subchartsOf, type ChartRender, type TemplateOutcome } from './render';
import { coalesce, defaultValues } from './values';
import { relativePath, type ChartLayout } from './chart';
import { readChartYaml } from './chartFile';
import type { HelmReader } from './context';
import { definitionsOf, templateSet } from '../gotemplate/templateSet';
import { helmFunctionMap } from '../gotemplate/functions';
import { isMap, type GoMap, type GoValue } from '../gotemplate/values';
import type { WorkspaceIndex } from '../workspace/index';

/** One chart of the tree being rendered: the chart itself, or a dependency under its key. */
export interface Instance {
  layout: ChartLayout;
  /** Its templates' names in Helm's set: `<chart>`, `<chart>/charts/<key>`. */
  prefix: string;
  /** `.Chart.Name`: the chart's own, a dependency's alias (else its name). */
  name: string;
  values: GoMap;
}

/** The chart and the dependencies its values turn on, each with its values (its section of its parent's, the parent's `global` over it). */
export function instances(index: WorkspaceIndex, layout: ChartLayout, values: GoMap): Instance[] {
  const top = { layout, prefix: chartName(index, layout), name: chartName(index, layout), values };
  const found: Instance[] = [];
  const work: { instance: Instance; seen: ReadonlySet<string> }[] = [{ instance: top, seen: new Set([layout.root]) }];
  while (work.length > 0 && found.length < 200) {
    const { instance, seen } = work.shift()!;
    found.push(instance);
    for (const dep of chartDependencies(index, instance.layout)) {
      if (!dep.layout || seen.has(dep.layout.root) || !dependencyEnabled(dep, instance.values)) continue;
      const section = instance.values.get(dep.key);
      const global = instance.values.get('global');
      let own = coalesce(defaultValues(index, dep.layout), isMap(section ?? null) ? (section as GoMap) : new Map<string, GoValue>());
      if (isMap(global ?? null)) own = coalesce(own, new Map<string, GoValue>([['global', global as GoMap]]));
      work.push({ instance: { layout: dep.layout, prefix: `${instance.prefix}/charts/${dep.key}`, name: dep.key, values: own }, seen: new Set([...seen, dep.layout.root]) });
    }
  }
  return found;
}

const released = new WeakMap<ChartRender, ChartRender>();

/**
 * `render` (a chart's own templates) with the templates of the dependencies its values turn on, each rendered as its
 * instance (helm template's tree): the outcomes of a dependency's templates under their own URIs, so that what they
 * write is placed in the subchart's files. A chart held twice under two aliases is rendered once (its first instance):
 * one file cannot hold two places. Kept per render.
 */
export function withDependencies(index: WorkspaceIndex, render: ChartRender, reader: HelmReader): ChartRender {
  const kept = released.get(render);
  if (kept) return kept;
  const release = render.release;
  const tree = release ? instances(index, render.layout, render.values).slice(1) : [];
  if (!release || tree.length === 0 || render.layout.parent) {
    released.set(render, render);
    return render;
  }
  const { files, uris } = setFiles(index, render.layout, chartName(index, render.layout));
  const set = templateSet(files, definitionsOf(files), helmFunctionMap);
  const broken = files.find((f) => f.parsed.error && !f.parsed.error.limit);
  const caps = capabilities(release);
  const pool = chartPool();
  const outcomes = new Map(render.outcomes);
  for (const instance of tree) {
    const chart = chartObject({ ...(readChartYaml(instance.layout.home.get(instance.layout.chartYaml))?.value ?? {}), name: instance.name });
    const fileObject = filesObject(instance.layout.root, readerFor(instance.layout, reader), undefined, instance.layout.ignore);
    const subcharts = subchartsOf(index, instance.layout, instance.values, release, caps, reader);
    for (const uri of instance.layout.templates) {
      const relative = relativePath(instance.layout, uri);
      const name = `${instance.prefix}/${relative}`;
      if (outcomes.has(uri) || !uris.has(name) || relative.slice(relative.lastIndexOf('/') + 1).startsWith('_')) continue;
      const outcome: TemplateOutcome = { uri, name, events: [] };
      outcomes.set(uri, outcome);
      if (broken) outcome.blockedBy = uris.get(broken.name);
      else executeInto(outcome, set, pool, renderValues(instance.values, chart, fileObject, caps, release, name, `${instance.prefix}/templates`, subcharts));
    }
  }
  const whole: ChartRender = { ...render, outcomes };
  released.set(render, whole);
  return whole;
}

/** The charts another chart of `charts` takes as a dependency by a `file://` path (an umbrella's subcharts): drawn inside that chart's release, not again on their own with their defaults. */
export function umbrellaSubcharts(index: WorkspaceIndex, charts: readonly ChartLayout[]): Set<string> {
  const found = new Set<string>();
  for (const layout of charts) {
    for (const dep of chartDependencies(index, layout)) if (dep.layout && dep.source === 'workspace' && dep.declared?.repository?.startsWith('file://') && dep.layout.root !== layout.root) found.add(dep.layout.root);
  }
  return found;
}
