/**
 * The cost family's requests (its descriptor, families/cost.ts, calls this once): `archipel/costView`, the Cost view
 * of the System Map (view.ts), the system priced by priceIndex (whole.ts, as `archipel cost` and the editor price it)
 * with the nearest archipel.yaml's cost section, over the system family's map handed in by the descriptor.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repositoryIdOf } from '../features/system/ids';
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import { CostViewRequest, type CostViewResult } from '../protocol/cost';
import type { WorkspaceIndex } from '../workspace/index';
import { nearestConfig, type CostServices } from './editor';
import { costSettings } from './settings';
import { costView } from './view';
import { priceIndex } from './whole';

/** What the view needs of the host: the cost services (prices, carbon, faces) and the map of an index with what its contributors read loaded. */
export interface CostViewHost extends CostServices {
  mapOf: (index: WorkspaceIndex) => { nodes: readonly { id: string; kind: string; name: string; sources: readonly { uri: string; range: NonNullable<CostViewResult['components'][number]['source']>['range'] }[] }[] };
  prepare?: (index: WorkspaceIndex) => Promise<void> | undefined;
  /** The repository holding a folder (disk/repositoryRoot.ts): the view's ids are relative to it, as `archipel/systemMap`'s (issue #92). */
  repositoryOf?: (folder: string) => string;
}

/** The folder priced: the scope's, else the first workspace folder's, else the whole index; the cost section of its nearest archipel.yaml. */
function configOf(scope: string | undefined, workspaceFolders: readonly string[], index: WorkspaceIndex): { folder: string; section: unknown } {
  const start = scope ?? (workspaceFolders[0] !== undefined ? pathToFileURL(workspaceFolders[0]).href : undefined);
  if (start === undefined) return { folder: '', section: undefined };
  const folder = start.replace(/\/?$/, '/');
  return { folder, section: nearestConfig(folder, index).section };
}

/** Registers `archipel/costView`. */
export function costViewRequests(registry: RequestRegistry, host: CostViewHost): void {
  onWorkspaceRequest(registry, CostViewRequest, (p) => p.scope, async (p, settings, context): Promise<CostViewResult> => {
    await host.prepare?.(context.index);
    await host.ready();
    const started = performance.now();
    const index: WorkspaceIndex = context.index;
    const { folder, section } = configOf(p.scope, context.workspaceFolders, index);
    const rendered = host.faces.helm?.renderedReleases(index, settings);
    const system = priceIndex({ index, folder, faces: host.faces, settings: costSettings(section).settings, prices: host.prices(), carbon: host.carbon(), ...(rendered ? { rendered } : {}) });
    const view = costView(host.mapOf(index).nodes, system);
    // The map's ids as the panel's map names them (system/register.ts): the page joins the two by id.
    const repositoryOf = host.repositoryOf ?? ((f: string) => f);
    const id = repositoryIdOf([...new Set([...(p.scope?.startsWith('file:') ? [fileURLToPath(p.scope)] : []), ...context.workspaceFolders].map(repositoryOf))]);
    const components = view.components.map((c) => ({ ...c, id: id(c.id), ...(c.includedIn !== undefined ? { includedIn: id(c.includedIn) } : {}) }));
    return { ...view, components, ms: Math.round(performance.now() - started) };
  });
}
