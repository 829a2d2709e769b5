/**
 * The thread a shape case is checked in (shapesRunner.ts): every feature loaded once, then for each
 * case a workspace of its files, each prepared and diagnosed as the server and `archipel check` do
 * (service.ts). It answers with each file's codes and the internal errors; a case that overflows
 * the heap ends the thread (its resourceLimits), one that hangs is ended by the runner.
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { Feature } from '../src/features/feature';
import { allFeatures } from './helpers';
import { diagnoseFile, indexOptions, prepareFile } from '../src/service';
import { defaultSettings } from '../src/settings';
import { WorkspaceIndex } from '../src/workspace/index';

/** A case: its files (path → text) and the one whose findings are the case's own. */
export interface ShapeRequest {
  id: number;
  files: Record<string, string>;
}

export interface ShapeAnswer {
  id: number;
  /** Each file's diagnostic codes. */
  codes: Record<string, string[]>;
  /** `path: message` of each internal-error (a check that threw), with the stack where it threw. */
  internal: string[];
  /** What escaped the service itself. */
  error?: string;
  ms: number;
  /** The thread's heap after the case, in MB. */
  heapMb: number;
}

const port = parentPort;
if (!port) throw new Error('shapesWorker.js runs in a worker thread');
/** The stack of the last check that threw (service.ts's internal-error keeps only its message). */
let thrown: string | undefined;
const features: Feature[] = allFeatures().map((feature) => {
  if (!feature.findings) return feature;
  return Object.create(feature, {
    findings: {
      value: (...args: Parameters<NonNullable<Feature['findings']>>) => {
        try {
          return feature.findings!(...args);
        } catch (error) {
          thrown = error instanceof Error ? error.stack : String(error);
          throw error;
        }
      },
    },
  }) as Feature;
});
port.postMessage({ ready: true });

port.on('message', (request: ShapeRequest) => {
  void check(request).then((answer) => port.postMessage(answer));
});

async function check(request: ShapeRequest): Promise<ShapeAnswer> {
  const started = performance.now();
  const codes: Record<string, string[]> = {};
  const internal: string[] = [];
  let error: string | undefined;
  try {
    const settings = defaultSettings;
    const index = new WorkspaceIndex(indexOptions(settings));
    for (const [path, text] of Object.entries(request.files)) index.update(`file:///ws/${path}`, text);
    const context = { index, settings, isCancelled: () => false };
    for (const path of Object.keys(request.files)) {
      const file = index.get(`file:///ws/${path}`);
      if (!file) continue;
      await prepareFile(file, features, context);
      thrown = undefined;
      const diagnostics = diagnoseFile(file, features, context);
      codes[path] = diagnostics.map((d) => String(d.code));
      for (const d of diagnostics) if (d.code === 'internal-error') internal.push(`${path}: ${typeof d.message === 'string' ? d.message : d.message.value}\n${thrown ?? ''}`);
    }
  } catch (caught) {
    error = caught instanceof Error ? (caught.stack ?? caught.message) : String(caught);
  }
  return { id: request.id, codes, internal, ...(error ? { error } : {}), ms: Math.round(performance.now() - started), heapMb: Math.round(getHeapStatistics().used_heap_size / 1048576) };
}
