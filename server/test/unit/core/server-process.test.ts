import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SERVER_NODE_ARGS } from '../../../src/protocol/serverProcess';
import { makeTree } from '../../tempdir';

/** Runs `script` in a new Node.js process started with `nodeArgs`, as a client starts the server; its stdout. */
function run(nodeArgs: readonly string[], script: string): string {
  const env = { ...process.env };
  delete env.ARCHIPEL_V8_FLAGS;
  delete env.ARCHIPEL_STARTUP_TUNING;
  delete env.NODE_OPTIONS;
  const child = spawnSync(process.execPath, [...nodeArgs, '-e', script], { encoding: 'utf8', env });
  assert.equal(child.status, 0, child.stderr);
  return child.stdout;
}

describe('the node flags the clients give the language server (protocol/serverProcess.ts)', function () {
  this.timeout(120_000);

  it('this Node.js accepts them, and they cap the young generation at 8 MB semi-spaces', () => {
    assert.ok(SERVER_NODE_ARGS.includes('--max-semi-space-size=8'));
    // The server's own run-time flags (tuneV8Server.ts) first, then an allocation churn such as a
    // cold open's; new_space's size is both semi-spaces.
    const churn = `require(${JSON.stringify(require.resolve('../../../src/startup/tuneV8Server'))});
const v8 = require('node:v8');
let largest = 0;
let kept = [];
for (let i = 0; i < 2e6; i++) {
  kept.push({ i, list: [i] });
  if (kept.length > 1e5) kept = [];
  if (i % 1e4 === 0) largest = Math.max(largest, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
}
process.stdout.write(String(largest / 2 ** 20));`;
    assert.ok(Number(run(SERVER_NODE_ARGS, churn)) <= 16, 'two 8 MB semi-spaces at most');
    assert.ok(Number(run([], churn)) > 16, "without the flags, V8's own limit (16 MB semi-spaces) is reached");
  });

  it('a code cache is kept per command line: a server started with the flags and one started without keep one each', () => {
    const tree = makeTree({ 'mod.js': 'exports.answer = 41 + 1;\n' });
    try {
      const file = path.join(tree.root, 'mod.js');
      const cacheDir = path.join(tree.root, 'cache');
      const load = (nodeArgs: readonly string[]) =>
        JSON.parse(
          run(
            nodeArgs,
            `require(${JSON.stringify(require.resolve('../../../src/startup/tuneV8Server'))});
const loaded = require(${JSON.stringify(require.resolve('../../../src/startup/codeCache'))}).requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
loaded.save();
process.stdout.write(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer, flags: require(${JSON.stringify(require.resolve('../../../src/startup/v8Tuning'))}).appliedV8Flags() }));`,
          ),
        ) as { cache: string; answer: number; flags: string };
      const withFlags = load(SERVER_NODE_ARGS);
      assert.deepEqual(withFlags, { cache: 'created', answer: 42, flags: '--max-semi-space-size=8 --interrupt-budget=1000000 --semi-space-growth-factor=8' });
      // V8 would refuse the other command line's cache: a cache of its own, not a rejection.
      assert.equal(load([]).cache, 'created');
      assert.equal(load(SERVER_NODE_ARGS).cache, 'hit');
      assert.equal(load([]).cache, 'hit');
    } finally {
      tree.remove();
    }
  });
});
