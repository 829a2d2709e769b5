/**
 * A Compose project's part of the system map kept between runs (issue #84): the calls its contribution made on the
 * map's builder, kept with everything they were made from — the texts of the project's Compose files, and what the
 * Compose reader answered for each side file it was asked (`.env`, `env_file`s) — in the run's store of kept facts
 * (features/system/keptFacts.ts). A check of one Compose file in a repository of many projects then replays every
 * other project's calls instead of reading their files, when each side file reads the same again; any difference and
 * the project is read as before, its calls kept anew. Projects whose files may `include` others, or are included by
 * another file, are always read (the directory they are read in is another file's: project.ts includerDirectory).
 */
import type { SystemBuilder } from '../features/system/contributor';
import { keptFactsStore } from '../features/system/keptFacts';
import type { SideText } from '../common/sideFile';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { mayHoldKey } from '../yaml/scalars';
import type { ComposeReader } from './model';
import { includedElsewhere } from './project';

/** The builder's methods a project's contribution calls (system.ts contributeProject), and only those. */
export type ProjectBuilder = Pick<SystemBuilder, 'node' | 'edge' | 'answers' | 'address' | 'entry' | 'mount' | 'image' | 'artifact'>;
type Method = keyof ProjectBuilder;
const methods: ReadonlySet<string> = new Set<Method>(['node', 'edge', 'answers', 'address', 'entry', 'mount', 'image', 'artifact']);

interface ProjectFacts {
  /** Each side file the reader was asked for, with its answer (`text` or `refused`), and each path asked whether it exists. */
  reads: [path: string, answer: SideText][];
  exists: [path: string, answer: boolean][];
  /** The builder's calls, in order, with their arguments as given. */
  calls: [method: Method, ...args: unknown[]][];
}

const KIND = 'compose-project';

function isFacts(data: unknown): data is ProjectFacts {
  if (typeof data !== 'object' || data === null) return false;
  const { reads, exists, calls } = data as Partial<ProjectFacts>;
  return (
    Array.isArray(reads) && reads.every((read) => Array.isArray(read) && typeof read[0] === 'string' && typeof read[1] === 'object' && read[1] !== null) &&
    Array.isArray(exists) && exists.every((asked) => Array.isArray(asked) && typeof asked[0] === 'string' && typeof asked[1] === 'boolean') &&
    Array.isArray(calls) && calls.every((call) => Array.isArray(call) && typeof call[0] === 'string' && methods.has(call[0]) && call.slice(1).every((arg) => arg === undefined || typeof arg === 'string' || typeof arg === 'object'))
  );
}

const sameAnswer = (a: SideText, b: SideText) => ('text' in a ? 'text' in b && a.text === b.text : 'refused' in b && a.refused === b.refused);

/**
 * Contributes one project (its Compose files `files`, in Compose's order, of the folder `folder`) by `contribute`, or by
 * the calls kept for the same texts and side files. `contribute` gets the builder and the reader to read with.
 */
export function contributeKept(builder: SystemBuilder, folder: string, files: readonly IndexedFile[], reader: ComposeReader, index: WorkspaceIndex, contribute: (builder: ProjectBuilder, reader: ComposeReader, index: WorkspaceIndex | undefined) => void): void {
  const store = keptFactsStore();
  if (!store || files.some((file) => mayHoldKey(file.text, 'include') || includedElsewhere(file, reader, index))) {
    contribute(builder, reader, index);
    return;
  }
  const texts = files.map((file) => `${file.uri}\n${file.text}`).join('\0');
  const kept = store.get(KIND, folder, texts);
  if (isFacts(kept) && kept.reads.every(([path, answer]) => sameAnswer(reader.read(path), answer)) && kept.exists.every(([path, answer]) => reader.exists(path) === answer)) {
    // Copies: the model keeps and grows what it is given (an edge's sources).
    for (const [method, ...args] of kept.calls) (builder[method] as (...given: unknown[]) => unknown)(...structuredClone(args));
    return;
  }
  const facts: ProjectFacts = { reads: [], exists: [], calls: [] };
  // A reader of its own: what the project's readings ask is recorded (they are made anew for it: nothing read before counts).
  const recording: ComposeReader = {
    read: (path) => {
      const answer = reader.read(path);
      facts.reads.push([path, answer]);
      return answer;
    },
    exists: (path) => {
      const answer = reader.exists(path);
      facts.exists.push([path, answer]);
      return answer;
    },
  };
  const record = <M extends Method>(method: M) => (...args: unknown[]) => {
    facts.calls.push([method, ...structuredClone(args)]);
    return (builder[method] as (...given: unknown[]) => unknown)(...args);
  };
  const recorder = Object.fromEntries([...methods].map((method) => [method, record(method as Method)])) as unknown as ProjectBuilder;
  // Without the index: no file includes the project's (above), so its readings' directory is their own folder, as the
  // index would say, without asking every Compose file again with this reader (project.ts includerDirectory).
  contribute(recorder, recording, undefined);
  store.set(KIND, folder, texts, facts);
}
