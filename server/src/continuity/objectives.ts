/**
 * archipel.yaml's `continuity:` section (issue #97): the recovery objectives asked of each component, by its name on
 * the map (or its id), and the gaps its owners accept with their reason:
 *
 *     continuity:
 *       stock-predictor: { tier: 1, rpo: 5m, rto: 1h }
 *       mlflow: { tier: 2, rpo: 24h, rto: 4h, accepted: { continuity-single-host: "one VM, rebuilt by Terraform in 20 min" } }
 *
 * Read from the index's archipel.yaml files (their parse, with the lines of each entry); a section that says nothing
 * the family can use is a problem on its line.
 */
import { pairOf, spanOf, type SourceNode } from '../yaml/tree';
import { t } from '../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { isArchipelYaml } from './files';
import { parseDuration, type Place } from './model';

export interface Objective {
  /** The component's name (or id) as written. */
  key: string;
  tier?: string;
  /** Minutes. */
  rpo?: number;
  rto?: number;
  /** Rule id → why it is accepted. */
  accepted: Map<string, string>;
  /** The entry's key in archipel.yaml. */
  place: Place;
  /** Its `rpo` value, when written. */
  rpoPlace?: Place;
}

export interface Objectives {
  /** Whether a workspace archipel.yaml has a `continuity:` section: the editor and `check` then raise the rules. */
  asked: boolean;
  /** The folders (URIs) of the archipel.yaml files that have one: the files under them get the findings. */
  folders: string[];
  list: Objective[];
  problems: { place: Place; message: string }[];
}

export { isArchipelYaml };

const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function fileObjectives(file: IndexedFile, into: Objectives): void {
  const chunk = file.yaml?.chunks[0];
  const section = record(record(chunk?.chunk.value)?.continuity);
  if (!chunk || record(chunk.chunk.value)?.continuity === undefined) return;
  into.asked = true;
  into.folders.push(file.uri.slice(0, file.uri.lastIndexOf('/')));
  const tree = chunk.chunk.tree as SourceNode | null | undefined;
  const node = pairOf(tree, 'continuity')?.value;
  const place = (n: SourceNode | null | undefined): Place => {
    const [start, end] = spanOf(n) ?? [0, 0];
    return { uri: file.uri, start: chunk.offset + start, end: chunk.offset + end };
  };
  if (!section) {
    into.problems.push({ place: place(pairOf(tree, 'continuity')?.keyNode), message: t('continuity: maps each component (its name on the map) to its objectives: rpo, rto, tier.') });
    return;
  }
  for (const [key, value] of Object.entries(section)) {
    const entry = pairOf(node, key);
    const at = place(entry?.keyNode);
    const v = record(value);
    if (!v) {
      into.problems.push({ place: at, message: t('continuity.{0}: give its objectives as a map (rpo, rto, tier).', key) });
      continue;
    }
    const objective: Objective = { key, accepted: new Map(), place: at };
    for (const name of ['rpo', 'rto'] as const) {
      if (v[name] === undefined) continue;
      const minutes = parseDuration(v[name]);
      if (minutes === undefined) into.problems.push({ place: place(pairOf(entry?.value, name)?.value), message: t('continuity.{0}.{1}: a duration such as 5m, 1h, 24h or 7d.', key, name) });
      else objective[name] = minutes;
    }
    if (v.rpo !== undefined) objective.rpoPlace = place(pairOf(entry?.value, 'rpo')?.value);
    if (typeof v.tier === 'string' || typeof v.tier === 'number') objective.tier = String(v.tier);
    for (const [rule, reason] of Object.entries(record(v.accepted) ?? {})) objective.accepted.set(rule, String(reason));
    into.list.push(objective);
  }
}

const kept = new WeakMap<WorkspaceIndex, { generation: number; objectives: Objectives }>();

/** The objectives of every archipel.yaml of the index, read once per index generation. */
export function objectivesOf(index: WorkspaceIndex): Objectives {
  const before = kept.get(index);
  if (before && before.generation === index.generation) return before.objectives;
  const out: Objectives = { asked: false, folders: [], list: [], problems: [] };
  for (const file of index.files()) if (!file.skipped && isArchipelYaml(file.uri)) fileObjectives(file, out);
  kept.set(index, { generation: index.generation, objectives: out });
  return out;
}
