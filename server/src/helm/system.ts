/**
 * The Helm family's part of the system map: each chart of the workspace (not one in another's
 * charts/, not a library) rendered as it is deployed — as each Argo CD Application whose source path
 * is the chart deploys it (its release name, namespace and values), else with its default values as
 * `helm template` renders it — its manifests' workloads, Services, Ingresses and monitors added as
 * the Kubernetes family adds a cluster's files (the same code, on the rendered manifests), each at
 * the template line that writes it; the chart itself a delivery node installing them, deployed by
 * those Applications.
 */
import type { SystemBuilder, SystemContributor, SystemNode, SystemSource } from '../features/system/contributor';
import { contributeKubernetes, KubernetesGraph, type KubernetesObject, locate, workloadId } from '../kubernetes/api';
import { defaultSettings } from '../settings';
import { componentKinds } from '../features/system/contributor';
import { sourceAt } from '../features/system/source';
import type { WorkspaceIndex } from '../workspace/index';
import { spanOf, pairOf } from '../yaml/tree';
import { chartInstalls, findChart, renderGiven } from './api';
import { sourceRelease } from './argocd';
import { chartLayouts, type ChartLayout } from './chart';
import { readChartYaml } from './chartFile';
import { chartOwner, mapToTemplate, renderedIndex } from './manifests';
import { chartName, currentRender, type ChartRender } from './render';
import { chartRender, type RenderServices } from './services';
import { umbrellaSubcharts, withDependencies } from './releaseTree';
import { withoutAbsentDependencies } from './absent';
import { contributeRemoteReleases } from './remoteSystem';

/** The chart node's id. */
function chartNodeId(layout: ChartLayout): string {
  return `helm:${layout.root}`;
}

/**
 * A builder for the rendered manifests: the Kubernetes contributor reads them as its index, and every place it gives is carried back to the template.
 * An object whose id another deployment already gave (plain manifests' Service `teastore-db` beside the chart's, issue #95)
 * is the chart's own, `@<chart root>` in its id: two Services of one name, each selecting its own workloads.
 */
function renderedBuilder(builder: SystemBuilder, rendered: WorkspaceIndex, render: ChartRender, root: string): SystemBuilder {
  const place = (source: SystemSource): SystemSource => {
    const segments = render.outcomes.get(source.uri)?.segments;
    const output = rendered.get(source.uri);
    const template = builder.index.get(source.uri);
    if (!segments || !output || !template) return source;
    const [start, end] = mapToTemplate(segments, output.lines.offsetAt(source.range.start), output.lines.offsetAt(source.range.end));
    return { uri: source.uri, range: template.lines.range(start, end) };
  };
  const ids = new Map<string, string>();
  const folder = root.replace(/\/$/, '');
  const own = (id: string): string => {
    if (!id.startsWith('k8s:') || id.startsWith('k8s:namespace/')) return id;
    let made = ids.get(id);
    // Decided where the render first names it, before it adds it: taken already by a node none of whose lines is in the chart, another deployment's.
    const other = (taken: SystemNode | undefined) => taken !== undefined && !taken.sources.some((s) => s.uri.startsWith(`${folder}/`));
    if (made === undefined) ids.set(id, (made = other(builder.get(id)) ? `${id}@${folder}` : id));
    return made;
  };
  return {
    ...builder,
    index: rendered,
    node: (node) => builder.node({ ...node, id: own(node.id), sources: node.sources.map(place) }),
    edge: (edge) => builder.edge({ ...edge, from: own(edge.from), to: own(edge.to), sources: edge.sources.map(place) }),
    answers: (node, scope, names, unit) => builder.answers(own(node), scope, names, unit),
    address: (reference) => builder.address({ ...reference, from: own(reference.from), source: place(reference.source) }),
    entry: (entry) => builder.entry({ ...entry, to: own(entry.to) }),
    codeReads: (from, read) => builder.codeReads(own(from), read),
    get: (id) => builder.get(own(id)),
    drop: (gone) => builder.drop(new Set([...gone].map(own))),
    // A mention's offsets are in the rendered text: only its source is carried back.
    mention: ({ at: _at, ...mention }) => builder.mention({ ...mention, from: own(mention.from), source: place(mention.source) }),
    image: (reference, source) => builder.image(reference, place(source)),
    artifact: (uri, kind, name, source) => builder.artifact(uri, kind, name, source ? place(source) : undefined),
    mount: (from, uri, source) => builder.mount(own(from), uri, place(source)),
  };
}

/** Chart.yaml's `name` (its first line when it has none). */
function chartSource(builder: SystemBuilder, layout: ChartLayout): SystemSource {
  const file = builder.index.get(layout.chartYaml);
  const chart = readChartYaml(file);
  const [start, end] = spanOf(pairOf(chart?.tree ?? null, 'name')?.value) ?? [0, 0];
  return file ? sourceAt(file, (chart?.offset ?? 0) + start, (chart?.offset ?? 0) + end) : { uri: layout.chartYaml, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

/** A render's workloads and the rest, as the Kubernetes family adds them, installed by the chart's node; returns the builder over the render (its index, its places carried back to the templates). */
function contributeRender(builder: SystemBuilder, layout: ChartLayout, render: ChartRender, owner: object, namespace?: string): SystemBuilder {
  const rendered = renderedIndex(render, owner);
  const inRender = renderedBuilder(builder, rendered, render, layout.root);
  // Applied into the Application's destination namespace: the objects that name none go there (issue #79).
  contributeKubernetes(inRender, namespace);
  const id = chartNodeId(layout);
  const source = chartSource(builder, layout);
  builder.node({ id, kind: 'pipeline', name: chartName(builder.index, layout), technology: 'Helm chart', sources: [source] });
  for (const object of KubernetesGraph.of(rendered).all()) {
    const workload = object.name !== undefined ? inRender.get(workloadId(namespace && object.namespace === undefined ? { ...object, namespace } : object)) : undefined;
    // An app of apps installs its Applications (the parent Application → this chart → each child, issue #79).
    const application = object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io/');
    if (workload && (componentKinds.has(workload.kind) || application)) builder.edge({ from: id, to: workload.id, kind: 'deploys', label: 'installs', sources: [source] });
  }
  return inRender;
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/**
 * The sources of an Argo CD Application whose `path` is a chart of the workspace: each deploys that chart (an edge), as a
 * release of its own. `builder` is the one the Application is read with (the workspace's, or a render's for an app of
 * apps' Applications, whose places it carries back to the template); `index` the workspace's, where charts are found.
 */
function applicationSources(builder: SystemBuilder, index: WorkspaceIndex, application: KubernetesObject, charts: ReadonlySet<string>): { layout: ChartLayout; source: Json }[] {
  const file = builder.index.get(application.uri);
  const spec = record(application.value.spec);
  if (!file || !spec) return [];
  const found: { layout: ChartLayout; source: Json }[] = [];
  const paths: (string | number)[][] = [['spec', 'source']];
  if (Array.isArray(spec.sources)) spec.sources.forEach((_, i) => paths.push(['spec', 'sources', i]));
  for (const at of paths) {
    const source = record(at.length === 2 ? spec.source : (spec.sources as unknown[])[at[2] as number]);
    if (typeof source?.path !== 'string' || source.chart !== undefined) continue;
    const layout = findChart(index, source.path, application.uri);
    if (!layout || !charts.has(layout.root)) continue;
    const [start, end] = locate(application, [...at, 'path']);
    builder.edge({ from: workloadId(application), to: chartNodeId(layout), kind: 'deploys', label: 'syncs', sources: [sourceAt(file, application.offset + start, application.offset + end)] });
    found.push({ layout, source });
  }
  return found;
}

/** Whether a chart's templates write Argo CD Applications (an app of apps): rendered first, so that the charts its Applications sync are drawn as those releases. */
function writesApplications(index: WorkspaceIndex, layout: ChartLayout): boolean {
  const prefix = `${layout.root.replace(/\/$/, '')}/templates/`;
  for (const file of index.files()) if (file.uri.startsWith(prefix) && (!file.skipped || file.skipped === 'template') && /^kind:[ \t]*Application[ \t]*$/m.test(file.text)) return true;
  return false;
}

type Release = { application: KubernetesObject; source: Json };

/** The Helm family's contributor; `services` gives what a render needs, asked only when a chart is rendered here. */
export function helmSystem(services: () => RenderServices): SystemContributor {
  return {
    contribute(builder) {
      const { index } = builder;
      // Releases of a registry's chart (a Flux HelmRelease, an Argo CD Application's `chart`): components by convention, never rendered.
      contributeRemoteReleases(builder);
      const charts = chartLayouts(index).filter((layout) => !layout.parent && readChartYaml(index.get(layout.chartYaml))?.value.type !== 'library');
      if (charts.length === 0) return;
      const roots = new Set(charts.map((layout) => layout.root));
      const releases = new Map<string, Release[]>();
      const collect = (reader: SystemBuilder) => {
        for (const application of KubernetesGraph.of(reader.index).ofKind('Application')) {
          if (!application.apiVersion.startsWith('argoproj.io/') || application.name === undefined) continue;
          for (const { layout, source } of applicationSources(reader, index, application, roots)) releases.set(layout.root, [...(releases.get(layout.root) ?? []), { application, source }]);
        }
      };
      collect(builder);
      // Apps of apps first: their rendered Applications (argocd-example-apps' `apps/`) name the releases of the charts they sync.
      const apps = new Set(charts.filter((layout) => writesApplications(index, layout)));
      const ordered = [...apps, ...charts.filter((layout) => !apps.has(layout))];
      // Installed by a script, a helmfile or a helm_release (installs.ts): drawn as each release, in its namespace.
      const installs = chartInstalls(index, roots);
      // An umbrella's subcharts by `file://` path are drawn in its release (their values its own), unless deployed on their own.
      const subcharts = umbrellaSubcharts(index, charts);
      // A release is the chart with the dependencies its values turn on (releaseTree.ts).
      // Its dependencies not in the repository (a registry's, never fetched) are not read: its own templates are, without them (absent.ts).
      const whole = (render: ChartRender) => withDependencies(index, withoutAbsentDependencies(index, render, services().reader), services().reader);
      for (const layout of ordered) {
        const deployed = releases.get(layout.root);
        for (const given of installs.get(layout.root) ?? []) {
          const inRender = contributeRender(builder, layout, whole(renderGiven(index, layout, given, defaultSettings, services())), chartOwner(index, `${layout.root}#${given.releaseName ?? ''}@${given.namespace ?? ''}`), given.namespace);
          if (apps.has(layout)) collect(inRender);
        }
        // A chart an Application deploys is drawn as that release (its name, namespace and values); else as `helm template` renders it.
        if (!deployed && !installs.has(layout.root) && !subcharts.has(layout.root)) {
          const inRender = contributeRender(builder, layout, whole(currentRender(index, layout) ?? chartRender(index, layout, defaultSettings, services())), chartOwner(index, layout.root));
          if (apps.has(layout)) collect(inRender);
        }
        for (const { application, source } of deployed ?? []) {
          const given = sourceRelease(source, application.value, layout, index, services().reader).given;
          const inRender = contributeRender(builder, layout, whole(renderGiven(index, layout, given, defaultSettings, services())), chartOwner(index, `${layout.root}#${workloadId(application)}`), given.namespace);
          if (apps.has(layout)) collect(inRender);
        }
      }
    },
  };
}
