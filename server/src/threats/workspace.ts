/**
 * The threats of a workspace index (issue #65): the system map (handed in by the descriptor: the
 * map is the system family's), the privacy facts (privacy/api.ts) for what the stores hold, the
 * AMDEC files of the index for the risk register. Made once per index generation.
 */
import type { EntryPoint, SystemNode } from '../features/system/contributor';
import { isAmdecFile } from '../amdec/api';
import { privacyFacts } from '../privacy/api';
import type { WorkspaceIndex } from '../workspace/index';
import { analyseThreats, type ThreatAnalysis } from './analysis';
import type { MapFacts } from './derive';
import { registerEntries, type RegisterEntry } from './register';

/** What the threats need from outside their folder. */
export interface ThreatsHost {
  /** The system map of the index. */
  mapOf: (index: WorkspaceIndex) => MapFacts;
  /** The map's role of an entry point (system/entries.ts). */
  entryRoles?: (index: WorkspaceIndex) => (entry: EntryPoint) => string | undefined;
  /** Loads what the map's contributors read with (Terraform's parser). */
  prepare?: (index: WorkspaceIndex) => Promise<void> | undefined;
}

const normalised = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');

/** The fideslang categories each component's name meets in the privacy facts: a Fides system or dataset of that name, and for a store what the systems calling it process. */
function categoriesByName(index: WorkspaceIndex): Map<string, Set<string>> {
  const byName = new Map<string, Set<string>>();
  const add = (key: string, categories: readonly string[]) => {
    const name = normalised(key);
    const known = byName.get(name) ?? new Set<string>();
    for (const c of categories) known.add(c);
    byName.set(name, known);
  };
  const facts = privacyFacts(index, undefined, (absolute) => absolute);
  for (const flow of facts.flows) {
    for (const end of [flow.from, flow.to]) {
      const match = /^(system|dataset):(.+)$/.exec(end);
      if (match) add(match[2], flow.categories);
    }
  }
  return byName;
}

const cache = new WeakMap<WorkspaceIndex, { generation: number; analysis: ThreatAnalysis }>();

export function workspaceThreats(index: WorkspaceIndex, host: ThreatsHost): ThreatAnalysis {
  const cached = cache.get(index);
  if (cached && cached.generation === index.generation) return cached.analysis;
  const map = host.mapOf(index);
  const byName = categoriesByName(index);
  const callers = new Map<string, string[]>();
  for (const edge of map.edges) if (edge.kind === 'calls') callers.set(edge.to, [...(callers.get(edge.to) ?? []), edge.from]);
  const categoriesOf = (node: SystemNode): string[] => {
    const found = new Set(byName.get(normalised(node.name)) ?? []);
    for (const caller of callers.get(node.id) ?? []) for (const c of byName.get(normalised(map.node(caller)?.name ?? '')) ?? []) found.add(c);
    return [...found].sort();
  };
  const register: RegisterEntry[] = [];
  const yaml: { uri: string; text: string }[] = [];
  for (const file of index.files()) {
    if (!file.isYaml || file.skipped) continue;
    if (isAmdecFile(file)) register.push(...registerEntries(file.uri, file.text));
    else yaml.push({ uri: file.uri, text: file.text });
  }
  const entryRole = host.entryRoles?.(index);
  const analysis = analyseThreats(map, { text: (uri) => index.get(uri)?.text, categoriesOf, yamlFiles: () => yaml, ...(entryRole ? { entryRole } : {}) }, register);
  cache.set(index, { generation: index.generation, analysis });
  return analysis;
}
