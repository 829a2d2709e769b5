/**
 * The system under a folder of the index priced as one (issue #81): its Terraform resources, Kubernetes workloads,
 * Helm renders and Compose hosts with the settings' own rates, currency and discount. The one place `archipel cost`
 * and the editor's budget rule assemble the system, so both give the same total.
 */
import type { ComposeFace } from '../compose/api';
import type { KubernetesFace } from '../kubernetes/api';
import { terraformResources } from '../terraform/api';
import type { WorkspaceIndex } from '../workspace/index';
import type { CarbonData } from './carbon';
import type { PriceList, Usage } from './model';
import { converted, withOwnRates, type CostSettings } from './settings';
import { priceSystem, type SystemCost, type SystemInput } from './system';

export interface IndexSystem {
  index: WorkspaceIndex;
  /** The folder (a uri ending in '/') whose files are priced; Compose ids are relative to it. */
  folder: string;
  faces: { kubernetes?: KubernetesFace; compose?: ComposeFace };
  /** The charts' renders as deployed, when the caller renders them. */
  rendered?: SystemInput['rendered'];
  settings: CostSettings;
  prices: PriceList;
  carbon: CarbonData;
  usage?: Usage;
  /** Called for each workload priced (SystemInput's). */
  pace?: () => void;
}

export function priceIndex(input: IndexSystem): SystemCost {
  const { index, folder, faces, settings } = input;
  const under = (uri: string) => uri.startsWith(folder);
  const { kubernetes, compose } = faces;
  const composeFiles = compose
    ? [...index.files()]
        .filter((f) => under(f.uri) && compose.isComposeFile(f.uri))
        .map((f) => ({ uri: f.uri, id: `compose:${decodeURIComponent(f.uri.slice(folder.length))}`, services: Object.keys(compose.servicesOf(compose.documentOf(f, undefined))).length }))
        .filter((c) => c.services > 0)
    : [];
  return converted(priceSystem({
    resources: terraformResources(index).filter((r) => under(r.uri)),
    lineOf: (uri, offset) => (index.get(uri)?.lines.positionAt(offset).line ?? 0) + 1,
    objects: kubernetes ? [...kubernetes.allKubernetesObjects(index)].filter((o) => under(o.uri)) : [],
    ...(input.rendered ? { rendered: input.rendered } : {}),
    workloadId: kubernetes ? kubernetes.workloadId : () => '',
    compose: composeFiles,
    ...(settings.kubernetes ? { nodeType: settings.kubernetes } : {}),
    ...(settings.compose ? { composeHost: settings.compose } : {}),
    prices: withOwnRates(input.prices, settings),
    carbon: input.carbon,
    ...(input.usage ? { usage: input.usage } : {}),
    ...(input.pace ? { pace: input.pace } : {}),
  }), settings);
}
