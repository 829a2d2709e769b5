/** What the Helm feature is given by its descriptor, and the render of a chart for a file's settings. */
import type { Feature } from '../features/feature';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import type { ChartLayout } from './chart';
import type { HelmReader, ReleaseOptions } from './context';
import { defaultRender, type ChartRender } from './render';

/** What the Helm feature is given: the Kubernetes family's checks, the API versions Archipel knows, a reader of the chart's other files. */
export interface HelmServices {
  kubernetes: () => Feature;
  apiVersions: () => readonly string[];
  reader: HelmReader;
}

/** `helm template`'s release: its default name, the default namespace, the configured Kubernetes release. */
export function releaseOptions(settings: ArchipelSettings, services: HelmServices): ReleaseOptions {
  return { name: 'release-name', namespace: 'default', kubeVersion: settings.kubernetes.version, apiVersions: services.apiVersions() };
}

/** The chart rendered with its defaults, for the settings of the file asking. */
export function chartRender(index: WorkspaceIndex, layout: ChartLayout, settings: ArchipelSettings, services: HelmServices): ChartRender {
  return defaultRender(index, layout, releaseOptions(settings, services), services.reader);
}

