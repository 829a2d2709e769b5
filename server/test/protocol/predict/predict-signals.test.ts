// `archipel predict` interrupted (issue #26): Ctrl-C (SIGINT) or SIGTERM while the predictions are
// being written cancels the run, which gives its temporary output up: exit 130, no file left. On the
// built CLI (dist/server/cli.js), its run on the bounded-heap thread.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
const model = path.join(repoRoot, 'examples', 'portfolio', 'prediction', 'model.onnx');

/** Polls `check` every 20 ms until it holds; rejects past `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('archipel predict interrupted', function () {
  this.timeout(120_000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while writing: exit 130, the temporary output removed, no output`, async () => {
      const tree = makeTree({});
      try {
        // 400,000 rows of 4 tickers, interleaved by day: long enough to be interrupted mid-way.
        const lines = ['Date,Ticker,Open,High,Low,Close,Volume'];
        for (let i = 0; i < 100_000; i++) {
          const day = new Date(Date.UTC(2000, 0, 1) + i * 60_000).toISOString().slice(0, 16).replace('T', ' ');
          for (let k = 0; k < 4; k++) {
            const c = 50 + k + Math.sin(i / 7 + k) + (i % 13) / 10;
            lines.push(`${day},T${k},${c - 0.1},${c + 0.3},${c - 0.3},${c},${1000 + ((i * 7 + k) % 500)}`);
          }
        }
        const input = path.join(tree.root, 'prices.csv');
        writeFileSync(input, lines.join('\n') + '\n');
        const child = spawn(process.execPath, [cli, 'predict', model, input, '--recipe', 'ohlcv-22'], { stdio: ['ignore', 'pipe', 'pipe'] });
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        const temporary = () => readdirSync(tree.root).some((f) => f.endsWith('.tmp'));
        await until(temporary, 60_000, 'the temporary output appears');
        child.kill(signal);
        assert.equal(await exited, 130);
        assert.deepEqual(readdirSync(tree.root), ['prices.csv']);
      } finally {
        tree.remove();
      }
    });
  }
});
