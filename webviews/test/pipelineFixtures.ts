// The pipeline panel's fixture: a DAG and a status as the server sends them, a stage in each
// state the runner reports (one with a hostile name). Used by pipeline.test.ts and by
// scripts/docs-panel-screenshot.mjs (the README's picture).
import type { PipelineDag, PipelineStatus, StageState } from '../../server/src/protocol/pipeline';

export const FILE = '/ws/dvc.yaml';
export const URI = 'file:///ws/dvc.yaml';
export const HOSTILE = '<img src=x onerror=window.__pwned=true>';

/** The example's flow, a stage in each state, one with a hostile name. */
export function fixture(): { dag: PipelineDag; status: PipelineStatus } {
  const stages: [string, StageState, string[]][] = [
    ['generate', 'up-to-date', []],
    ['features', 'stale', ['`data/ohlcv.csv` changed since the last run']],
    ['predict', 'running', []],
    ['evaluate', 'never-run', []],
    ['drift@us', 'failed', ['exit code 2']],
    ['train', 'frozen', []],
    [HOSTILE, 'stale', ['`<script>window.__pwned = true</script>` is missing']],
  ];
  let offset = 0;
  const nodes = stages.map(([stage, state]) => {
    const span = { start: offset, end: offset + stage.length };
    offset += stage.length + 40;
    return { stage, definition: stage.replace(/@.*/, ''), frozen: state === 'frozen', span, desc: stage === 'train' ? 'How the committed model was made (Python).' : undefined };
  });
  const edges = [
    ['generate', 'features'],
    ['features', 'predict'],
    ['predict', 'evaluate'],
    ['features', 'drift@us'],
    ['train', 'predict'],
    ['generate', HOSTILE],
  ].map(([from, to]) => ({ from, to }));
  const started = new Date(Date.now() - 65_000).toISOString();
  return {
    dag: { file: FILE, nodes, edges },
    status: {
      file: FILE,
      hashed: 3,
      ms: 12,
      stages: stages.map(([stage, state, reasons]) => ({
        stage,
        state,
        reasons,
        ...(state === 'running' ? { startedAt: started } : {}),
        ...(state === 'failed' ? { logTail: ['reading data/ohlcv.csv', 'KeyError: close', '<b>not bold</b>'], lastRun: { ok: false, durationMs: 1234, finishedAt: '2026-11-20T10:00:00Z' } } : {}),
        ...(state === 'up-to-date' ? { lastRun: { ok: true, durationMs: 850, finishedAt: '2026-11-20T10:00:00Z' } } : {}),
      })),
    },
  };
}

