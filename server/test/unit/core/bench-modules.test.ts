// The benchmarks (`npm run bench`) are not run by the tests (they time things, and some take
// minutes), but each module must at least parse: a syntax error in one made `npm run bench` skip
// that benchmark with a one-line message (an `await` in a function that was not async).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';

function modules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '.data' || entry.name === 'node_modules' ? [] : modules(file);
    return /\.(mjs|cjs)$/.test(entry.name) ? [file] : [];
  });
}

describe('benchmark modules', function () {
  this.timeout(120_000);
  it('every bench/ script parses (node --check)', () => {
    const files = modules(path.join(repoRoot, 'bench'));
    assert.ok(files.some((f) => f.endsWith('k8s-diagnostics.bench.mjs')), 'the benchmarks are found');
    for (const file of files) {
      const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${path.relative(repoRoot, file)}: ${r.stderr}`);
    }
  });
});
