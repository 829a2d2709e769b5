/**
 * archipel.yaml's `continuity:` section (issue #97): the recovery objectives asked of each component, by its id on the
 * map (stable: repository-relative, the id `archipel continuity --format json` prints) or, as older files do, its name,
 * and the gaps its owners accept with their reason:
 *
 *     continuity:
 *       k8s:Deployment/shop/checkout: { tier: 1, rpo: 5m, rto: 1h }
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

/** Without its trailing slashes (a loop, not a pattern: linear on any input). */
function trimSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  return text.slice(0, end);
}

/**
 * Whether an entry's key is the map id `id` as it leaves the process: the same id, or with its file URI (a Compose
 * project's folder) written relative to the repository — `compose:deploy:api` for `compose:file:///…/deploy:api` —
 * or `.` for the folder of the archipel.yaml that says it. Compared piecewise: no pattern built from the key.
 */
export function keyIsId(key: string, id: string, yamlFolder: string): boolean {
  if (key === id) return true;
  const uri = /file:\/\/[^:\s#]*/.exec(id);
  if (!uri) return false;
  const before = id.slice(0, uri.index);
  const after = id.slice(uri.index + uri[0].length);
  if (!key.startsWith(before) || !key.endsWith(after) || key.length < before.length + after.length) return false;
  const relative = key.slice(before.length, key.length - after.length);
  const folder = trimSlashes(uri[0]);
  if (relative === '.' || relative === '') return folder === trimSlashes(yamlFolder);
  return !relative.includes('://') && folder.endsWith(`/${trimSlashes(relative.startsWith('./') ? relative.slice(2) : relative)}`);
}

/** The objective of a map element: the entry keyed by its id first, else (older files) by its name or its id's last part. */
export function objectiveFor(list: readonly Objective[], id: string, name: string): Objective | undefined {
  return list.find((o) => keyIsId(o.key, id, o.place.uri.slice(0, o.place.uri.lastIndexOf('/')))) ?? list.find((o) => o.key === name) ?? list.find((o) => id.endsWith(`:${o.key}`));
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
