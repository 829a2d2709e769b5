// The System Map's fixture: the example workspace mapped by the server's own model, each view as
// `archipel/systemMap` answers it (the page tests and the README's picture use it).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SystemMapResult, SystemMapView } from '../../server/src/protocol/system';
import { families } from '../../server/src/families/index';
import { systemContributors } from '../../server/src/families/descriptor';
import { viewOf } from '../../server/src/system/diagram';
import { indexOptions } from '../../server/src/service';
import { defaultSettings } from '../../server/src/settings';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { PORTFOLIO } from './fixtures';

let index: WorkspaceIndex | undefined;

/** The example's files, indexed as the server reads them (once). */
function portfolioIndex(): WorkspaceIndex {
  if (index) return index;
  index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ya?ml|json|md|mmd)$|Dockerfile$/.test(name)) index!.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    }
  };
  walk(PORTFOLIO);
  return index;
}

/** A view of the example as `archipel/systemMap` answers it. */
export function exampleMap(view: SystemMapView): SystemMapResult {
  const graph = viewOf(portfolioIndex(), systemContributors(families), [], view);
  return { view, system: graph.system, nodes: graph.nodes.map(({ members: _members, ...node }) => node), edges: graph.edges, groups: graph.groups, ms: 1 };
}
