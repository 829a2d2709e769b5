/**
 * The language server with every family and three test features (core/budget.test.ts), started over stdio
 * as the built one is: `hostile`, whose check never ends on a file saying `# spin forever`; `waiting`,
 * whose check waits on a file saying `# wait` until the test lets it go; and `recorder`, last, which
 * notes the first line of every text it checks; `preparer`, whose preparation (Feature.prepare) after its first
 * `await` works in slices without end on a file saying `# prepare forever` (the bounded-slice hook,
 * FeatureContext.inSlices). They speak to the test through files of ARCHIPEL_TEST_DIR: `spinning`, `waiting`
 * and `preparing` when they begin, `go` to stop waiting, `recorded`.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { packageRoot } from '../../src/disk/packageRoot';
import { serverRuntime } from '../../src/families/index';
import type { Feature } from '../../src/features/feature';
import { inSlices } from '../../src/features/slices';
import { startServer } from '../../src/lsp/server';

const talk = process.env.ARCHIPEL_TEST_DIR ?? '.';

/** Never returns: what nobody foresaw. */
function spinForever(): number {
  let n = 0;
  while (n >= 0) n = (n + 1) % 1000;
  return n;
}

const hostile: Feature = {
  id: 'hostile',
  findings(file) {
    if (file.text.includes('# spin forever')) {
      writeFileSync(path.join(talk, 'spinning'), '');
      spinForever();
    }
    return [];
  },
};

const waiting: Feature = {
  id: 'waiting',
  findings(file) {
    if (file.text.includes('# wait')) {
      writeFileSync(path.join(talk, 'waiting'), '');
      while (!existsSync(path.join(talk, 'go'))) {
        // busy on purpose: a check at work while the editor sends an edit
      }
      // Then longer than a turn of a file's checks lasts at most (service.ts turnMs: 200 ms), so that the
      // turn ends after this check and the edit, already sent, is read before the next feature.
      const until = performance.now() + 250;
      while (performance.now() < until) {
        // busy on purpose
      }
    }
    return [];
  },
};

/** Slices without end: each step cheap, their sum endless (a module of 100,000 resources checked a part at a time). */
function* endless(): Generator<void> {
  for (;;) yield;
}

const preparer: Feature = {
  id: 'preparer',
  prepare(file, context) {
    if (!file.text.includes('# prepare forever')) return undefined;
    return (async () => {
      await Promise.resolve();
      writeFileSync(path.join(talk, 'preparing'), '');
      await inSlices(context, endless());
    })();
  },
};

const recorder: Feature = {
  id: 'recorder',
  findings(file) {
    appendFileSync(path.join(talk, 'recorded'), `${path.basename(file.uri)} ${file.text.slice(0, file.text.indexOf('\n'))}\n`);
    return [];
  },
};

const runtime = serverRuntime(path.join(packageRoot(__dirname), 'dist', 'server'));
startServer(createConnection(ProposedFeatures.all), { ...runtime, createFeatures: () => [hostile, waiting, preparer, ...runtime.createFeatures(), recorder] });
