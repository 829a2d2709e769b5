/**
 * The system under a folder of the index priced as one (issue #81): its Terraform resources, Kubernetes workloads,
 * Helm renders and Compose hosts with the settings' own rates, currency and discount. The one place `archipel cost`
 * and the editor's budget rule assemble the system, so both give the same total.
 */
import type { ComposeFace } from '../compose/api';
import type { KubernetesFace } from '../kubernetes/api';
import { terraformModulesNotRead, terraformResources, type VarFile } from '../terraform/api';
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
  /** Files the caller could not read (uri → why): listed as unpriced. */
  unread?: ReadonlyMap<string, string>;
  /** Called for each workload priced (SystemInput's). */
  pace?: () => void;
  /** Variables files the user named (`--var-file`), read after each root's own. */
  varFiles?: readonly VarFile[];
}

export function priceIndex(input: IndexSystem): SystemCost {
  const { index, folder, faces, settings } = input;
  const under = (uri: string) => uri.startsWith(folder);
  const { kubernetes, compose } = faces;
  const options = input.varFiles?.length ? { varFiles: input.varFiles } : {};
  const composeFiles = compose
    ? [...index.files()]
        .filter((f) => under(f.uri) && compose.isComposeFile(f))
        .map((f) => ({ uri: f.uri, id: `compose:${decodeURIComponent(f.uri.slice(folder.length))}`, services: Object.keys(compose.servicesOf(compose.documentOf(f, undefined))).length }))
        .filter((c) => c.services > 0)
    : [];
  const cost = converted(priceSystem({
    // A root module's resources wherever its modules are declared (`source = "../.."`): priced with the folder that holds the root.
    resources: terraformResources(index, options).filter((r) => under(r.uri) || under(`${r.root}/`)),
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
  cost.unpriced.push(...unreadFiles(index, folder, input.unread));
  cost.unpriced.push(...modulesNotRead(index, folder, options, input.unread));
  return cost;
}

/**
 * The module calls whose module was not read (a registry or git module not downloaded, a local folder missing): what
 * they create is unknown, so each is listed by source and version, never a silent zero (#93).
 */
function modulesNotRead(index: WorkspaceIndex, folder: string, options: { varFiles?: readonly VarFile[] }, unread: ReadonlyMap<string, string> = new Map()): SystemCost['unpriced'] {
  return terraformModulesNotRead(index, options)
    .filter((m) => m.uri.startsWith(folder) || `${m.root}/`.startsWith(folder))
    .map((m) => {
      // A local module's folder the caller did not read (outside the workspace): why, rather than "no configuration".
      const why = unread.get(new URL(m.source, m.uri).href.replace(/\/$/, ''));
      return { address: m.address, uri: m.uri, reason: `${why ?? m.reason} (${m.source}${m.version ? ` ${m.version}` : ''}): what it creates is not priced` };
    });
}

/** Files that may declare what is priced: Terraform and YAML (manifests, Compose, values). */
const PRICED_FILE = /\.(tf|tf\.json|ya?ml)$/i;

/**
 * The files of the folder whose declarations were not read — over the index's size bound, set aside past the per-file
 * budget, or not read at all (`unread`: the caller's read failures, by uri) — each listed with its reason: what they
 * declare is unknown, never counted as 0 (issue #81).
 */
function unreadFiles(index: WorkspaceIndex, folder: string, unread: ReadonlyMap<string, string> = new Map()): SystemCost['unpriced'] {
  const found: SystemCost['unpriced'] = [];
  const listed = (uri: string, reason: string) => found.push({ address: `file:${decodeURIComponent(uri.slice(folder.length))}`, uri, reason });
  for (const file of index.files()) {
    if (!file.uri.startsWith(folder) || !PRICED_FILE.test(file.uri)) continue;
    if (file.skipped === 'too-large') listed(file.uri, 'the file is over the size bound (archipel.validation.maxFileSizeKb): what it declares is not read');
    else if (file.skipped === 'stopped') listed(file.uri, `the file was set aside (${file.setAside?.reason ?? 'error'}): what it declares is not read`);
  }
  for (const [uri, message] of unread) if (uri.startsWith(folder) && PRICED_FILE.test(uri) && !index.get(uri)) listed(uri, `the file could not be read: ${message}`);
  return found;
}
