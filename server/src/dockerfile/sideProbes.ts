/**
 * Whether a Dockerfile's side files exist (`.hadolint.yaml`/`.hadolint.yml` in its folder and those above, its
 * `.dockerignore`s), asked on every check of the file: the answers are kept while the workspace's side files are
 * unchanged (WorkspaceIndex.sideFileGeneration, which the watcher's events increase: a side file created, written or
 * deleted). The probes were 4–5 % of an edit's check (#68). Only `exists` is kept: a side file that exists is read
 * again on each check (through the reader, under the confinement of that check), so its text is never stale.
 */
import type { WorkspaceIndex } from '../workspace/index';
import type { ContextReader } from './context';

/** The answers kept for one reader and one index, at one side-file generation. */
interface Answers {
  generation: number;
  exists: Map<string, boolean>;
}

/** More distinct paths than this in one generation: the answers start again (a bound, never reached by real folders). */
const MAX_ANSWERS = 20_000;

const byReader = new WeakMap<ContextReader, WeakMap<WorkspaceIndex, Answers>>();

/** `reader.exists` for a side file, answered from what this index's current side-file generation already asked. */
export function sideFileProbe(reader: ContextReader, index: WorkspaceIndex): (file: string) => boolean {
  // A client that reports no file change (no watching): each check asks the disk, as a created `.hadolint.yaml` must be seen.
  if (index.sideFileGeneration === undefined) return (file) => reader.exists(file);
  let byIndex = byReader.get(reader);
  if (!byIndex) byReader.set(reader, (byIndex = new WeakMap()));
  let answers = byIndex.get(index);
  const generation = index.sideFileGeneration;
  if (!answers || answers.generation !== generation || answers.exists.size > MAX_ANSWERS) byIndex.set(index, (answers = { generation, exists: new Map() }));
  const exists = answers.exists;
  return (file) => {
    let answer = exists.get(file);
    if (answer === undefined) exists.set(file, (answer = reader.exists(file)));
    return answer;
  };
}
