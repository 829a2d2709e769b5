/** What the Helm feature is given by its descriptor, and the render of a chart for a file's settings. */
import type { Feature } from '../features/feature';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import type { ChartLayout } from './chart';
import type { HelmReader, ReleaseOptions } from './context';
import { useReader } from './dependencies';
import { defaultRender, type ChartRender } from './render';
import { removalOf } from '../kubernetes/api';

/** What the Helm feature is given: the Kubernetes family's checks, the API versions Archipel knows, a reader of the chart's other files. */
export interface HelmServices {
  kubernetes: () => Feature;
  apiVersions: () => readonly string[];
  reader: HelmReader;
}

/** What rendering a chart needs of them (the system map renders without the Kubernetes checks); `rendered`: told of each release's render made (not kept), a test counts them. */
export type RenderServices = Pick<HelmServices, 'apiVersions' | 'reader'> & { rendered?: (chart: string) => void };

const served = new WeakMap<readonly string[], Map<string, string[]>>();

/** The API versions (and versions/kinds) a cluster of `release` serves: those Archipel knows, less what that release removed. */
function servedApiVersions(all: readonly string[], release: string): string[] {
  let byRelease = served.get(all);
  if (!byRelease) served.set(all, (byRelease = new Map<string, string[]>()));
  let list = byRelease.get(release);
  if (list) return list;
  const minor = (v: string) => Number(v.split('.')[1] ?? 0);
  const kinds = all.filter((v) => /\/[A-Z][^/]*$/.test(v));
  const kept = kinds.filter((v) => {
    const slash = v.lastIndexOf('/');
    const removal = removalOf(v.slice(0, slash), v.slice(slash + 1));
    return !removal || minor(release) < minor(removal.removedIn);
  });
  const versions = new Set(kept.map((v) => v.slice(0, v.lastIndexOf('/'))));
  list = [...versions, ...kept].sort();
  byRelease.set(release, list);
  return list;
}

/** `helm template`'s release: its default name, the default namespace, the configured Kubernetes release and what it serves. */
export function releaseOptions(settings: ArchipelSettings, services: RenderServices): ReleaseOptions {
  const kubeVersion = settings.kubernetes.version;
  return { name: 'release-name', namespace: 'default', kubeVersion, apiVersions: servedApiVersions(services.apiVersions(), kubeVersion) };
}

/** The chart rendered with its defaults, for the settings of the file asking. */
export function chartRender(index: WorkspaceIndex, layout: ChartLayout, settings: ArchipelSettings, services: RenderServices): ChartRender {
  useReader(index, services.reader);
  return defaultRender(index, layout, releaseOptions(settings, services), services.reader);
}

