/**
 * What indexing with summaries reads with (workspace/summaries.ts): the Kubernetes family's summarizer and the
 * cross-file scopes the index cache keeps of each file (platform/changed.ts scopesOf). Loaded by what summarises,
 * before it reads its index — a check or a diagram of a large tree (platform/project.ts checkSummarizer), the language
 * server's scan (platform/diskIndex.ts), an index thread (indexThreadRead.ts, at its start) — and never by a check of
 * a few files, which evaluates no Kubernetes or workflow code for its index (issue #68).
 */
import type { IndexedFile } from '../workspace/index';
import type { FileSummarizer } from '../workspace/summaries';

export interface SummaryModels {
  readonly summarizer: FileSummarizer;
  readonly scopesOf: (file: IndexedFile) => string[];
  /** An index thread's other summarizers, by their name (FileSummarizer.thread): `archipel cost`'s priced parts. */
  readonly named?: Readonly<Record<string, FileSummarizer>>;
}

let loaded: SummaryModels | undefined;

/** Loads them (once per process). */
export async function loadSummaryModels(): Promise<SummaryModels> {
  if (!loaded) {
    const [{ kubernetesSummarizer }, { scopesOf }] = await Promise.all([import('../kubernetes/model/summary.js'), import('./changed.js')]);
    loaded = { summarizer: kubernetesSummarizer, scopesOf };
  }
  return loaded;
}

/** Installs them as they are (an index thread's bundle holds them: indexThreadRead.ts). */
export function installSummaryModels(models: SummaryModels): void {
  loaded = models;
}

/** Them, once loaded: what reads an index with summaries or a cache has loaded them first. */
export function summaryModels(): SummaryModels {
  if (!loaded) throw new Error('Archipel: the summaries are read before their models are loaded (platform/summaryModels.ts loadSummaryModels)');
  return loaded;
}

/** The cross-file scopes of a file version (platform/changed.ts scopesOf), for the index cache. */
export function scopesOf(file: IndexedFile): string[] {
  return summaryModels().scopesOf(file);
}
