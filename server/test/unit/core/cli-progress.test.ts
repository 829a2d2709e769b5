// Progress on long CLI work (#69): one line on stderr when it is a terminal — what is done of the
// total, the rate, the time left, what runs now —, rewritten in place and erased at the end; nothing
// at all when stderr is a pipe. Each long command is run as a user runs it, on a pseudo-terminal
// (util-linux's `script`) and with its output piped: check, blur, validate, predict, exp run, export
// argo, serve's warm-up.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { amount, checkPasses, duration, progressLine, progressText } from '../../../src/cli/progress';
import { gitEnv } from '../../experiments';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
const example = path.join(repoRoot, 'examples', 'portfolio');
const ERASE = '\r\x1b[2K';

/** The environment of a run: English, no speed cache, no $COLUMNS, a terminal that draws (whatever TERM the runner has: a CI's may be `dumb`). */
function environment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off', ...gitEnv(), ...extra };
  delete env.COLUMNS;
  return env;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** `archipel args` on a pseudo-terminal of 120 columns: what the terminal received (stdout and stderr). */
function onTerminal(args: string[], cwd: string): { status: number | null; transcript: string } {
  const command = `stty cols 120 rows 40; exec ${[process.execPath, cli, ...args].map(quote).join(' ')}`;
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8', env: environment() });
  return { status: run.status, transcript: run.stdout };
}

/** `archipel args` with its output piped. */
function piped(args: string[], cwd: string) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: environment() });
}

/** The progress lines a transcript holds (each drawn after an erase), without the erases. */
function progressLines(transcript: string, title: string): string[] {
  return transcript.split(ERASE).filter((piece) => piece.startsWith(`${title}: `)).map((piece) => piece.split(/[\r\n]/)[0]);
}

/** A fake terminal (or not) that keeps what is written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const fake = { isTTY, columns: 60, text: '', write(chunk: string) { fake.text += chunk; return true; } };
  return fake as unknown as NodeJS.WriteStream & { text: string };
}

describe('the progress line (cli/progress.ts)', function () {
  it('says what is done of the total, the rate, the time left and what runs now; the time so far when the total is unknown', function () {
    assert.equal(progressText('validate t.csv', 'rows', 10_500_000, 21_000_000, 10_000, 'pass 1'), 'validate t.csv: 10.5 M of 21.0 M rows (50 %), 1.05 M rows/s, 10 s left, 10 s so far — pass 1');
    assert.equal(progressText('predict p.csv', 'bytes', 412_000_000, 1_020_000_000, 65_000), 'predict p.csv: 412 MB of 1.02 GB (40 %), 6.34 MB/s, 1 min 36 s left, 1 min 05 s so far');
    assert.equal(progressText('blur', 'files', 3, 10, 500, 'a.jpg'), 'blur: 3 of 10 files (30 %) — a.jpg');
    assert.equal(progressText('serve m.onnx', 'time', 0, undefined, 3_200, 'loading the model'), 'serve m.onnx: 3 s so far — loading the model');
    assert.equal(progressText('export argo', 'stages', 0, undefined, 0), 'export argo: 0 stages, 0 s so far');
    assert.deepEqual([amount(999, 'rows'), amount(12_345, 'rows'), amount(512, 'bytes'), amount(1_500, 'bytes')], ['999', '12.3 k', '512 B', '1.50 kB']);
    assert.deepEqual([duration(59_400), duration(3_600_000 + 180_000)], ['59 s', '1 h 03 min']);
  });

  it('on a terminal: drawn at once, then at most every 100 ms, cut to the width, erased at the end; on anything else: nothing', function () {
    let now = 0;
    const tty = stream(true);
    const line = progressLine('blur', { stream: tty, now: () => now, env: {} });
    assert.equal(line.active, true);
    line.update(1, 10, 'a-very-long-file-name-that-goes-past-the-width-of-the-terminal.jpg');
    now = 50;
    line.update(2, 10);
    now = 150;
    line.update(3, 10);
    line.end();
    assert.equal(tty.text, `${ERASE}${'blur: 1 of 10 files (10 %) — a-very-long-file-name-that-goe'}${ERASE}blur: 3 of 10 files (30 %)${ERASE}`);
    const pipe = stream(false);
    const none = progressLine('blur', { stream: pipe, env: {} });
    none.update(1, 10);
    none.end();
    assert.deepEqual([none.active, pipe.text], [false, '']);
    const dumb = stream(true);
    progressLine('blur', { stream: dumb, env: { TERM: 'dumb' } }).update(1, 2);
    assert.equal(dumb.text, '');
  });
});

describe("check's two passes on one line (issue #83)", function () {
  it('counts the files indexed, then those checked, of both totals: never back to 0', function () {
    const passes = checkPasses(30);
    assert.deepEqual(
      [passes('index', 0, 50), passes('index', 50, 50), passes('check', 0, 30), passes('check', 30, 30)],
      [{ done: 0, total: 80 }, { done: 50, total: 80 }, { done: 50, total: 80 }, { done: 80, total: 80 }],
    );
    // --changed: fewer files checked than named; the total is what the check pass takes once known.
    const changed = checkPasses(30);
    changed('index', 50, 50);
    assert.deepEqual(changed('check', 2, 4), { done: 52, total: 54 });
  });
});

describe('long commands show their progress on a terminal, never on a pipe (#69)', function () {
  this.timeout(240_000);

  it('check: the files listed, indexed, then checked, of their total', function () {
    const tree = makeTree(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k8s/c${i}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`])));
    try {
      const tty = onTerminal(['check', 'k8s'], tree.root);
      assert.equal(tty.status, 0, tty.transcript);
      const lines = progressLines(tty.transcript, 'check');
      assert.ok(lines[0].startsWith('check: 0 files') && lines[0].endsWith('— listing the files'), tty.transcript);
      assert.ok(lines.some((l) => /^check: \d+ of \d+ files \(\d+ %\).* — (indexing|checking)$/.test(l)), tty.transcript);
      // One share for both passes (issue #83): never back to 0; the files counted are those of the pass under way
      // (#98: a 10 k-file tree said "20.0 k files"), never more than the tree's.
      const steps = lines.flatMap((l) => {
        const m = /^check: (\d+) of (\d+) files \((\d+) %\).* — (indexing|checking)$/.exec(l);
        return m ? [{ done: Number(m[1]), total: Number(m[2]), share: Number(m[3]), pass: m[4] }] : [];
      });
      assert.ok(steps.length > 0, tty.transcript);
      const shares = steps.map((s) => s.share);
      assert.deepEqual(shares, [...shares].sort((a, b) => a - b), tty.transcript);
      for (const s of steps) assert.ok(s.done <= s.total && s.total <= 30, `${JSON.stringify(s)}\n${tty.transcript}`);
      const checking = steps.filter((s) => s.pass === 'checking');
      assert.ok(checking.every((s) => s.total === 30), tty.transcript);
      assert.match(tty.transcript, /30 file\(s\) checked, 0 problem\(s\), 0 error\(s\)\./);
      const pipe = piped(['check', 'k8s'], tree.root);
      assert.deepEqual([pipe.status, pipe.stderr], [0, '30 file(s) checked, 0 problem(s), 0 error(s).\n']);
    } finally {
      tree.remove();
    }
  });

  it('blur: the files done of the total', function () {
    const tree = makeTree({});
    try {
      cpSync(path.join(example, 'anonymiser'), path.join(tree.root, 'anonymiser'), { recursive: true });
      const args = ['blur', 'anonymiser/samples', '--config', 'anonymiser/archipel.yaml', '--out', 'out'];
      const tty = onTerminal(args, tree.root);
      assert.equal(tty.status, 0, tty.transcript);
      assert.ok(progressLines(tty.transcript, 'Blurring').some((l) => / of 1 files \(/.test(l)), tty.transcript);
      const pipe = piped([...args.slice(0, -1), 'out2'], tree.root);
      assert.equal(pipe.status, 0, pipe.stderr);
      assert.ok(!pipe.stderr.includes('\x1b[') && !pipe.stderr.includes('\r'), pipe.stderr);
    } finally {
      tree.remove();
    }
  });

  it('validate: the rows read of the data, from the first moment', function () {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},${i % 7}`).join('\n');
    const tree = makeTree({ 'data.csv': `a,b\n${rows}\n`, 'suite.yaml': 'name: s\nexpectations:\n  - type: expect_column_values_to_be_between\n    kwargs: {column: b, min_value: 0, max_value: 6}\n' });
    try {
      const tty = onTerminal(['validate', 'data.csv', '--suite', 'suite.yaml'], tree.root);
      assert.equal(tty.status, 0, tty.transcript);
      const lines = progressLines(tty.transcript, 'validate data.csv');
      assert.ok(lines.length > 0 && lines[0].startsWith('validate data.csv: 0 rows'), tty.transcript);
      assert.match(tty.transcript, /data\.csv against s: 1 of 1 expectations met \(2000 rows\)/);
      const pipe = piped(['validate', 'data.csv', '--suite', 'suite.yaml'], tree.root);
      assert.deepEqual([pipe.status, pipe.stderr], [0, '']);
    } finally {
      tree.remove();
    }
  });

  it('predict: the bytes of the input read of its size', function () {
    const tree = makeTree({});
    try {
      cpSync(path.join(example, 'prediction'), path.join(tree.root, 'prediction'), { recursive: true });
      const args = ['predict', 'prediction/model.onnx', 'prediction/prices.csv', '--recipe', 'ohlcv-22', '--out', 'out.csv', '--force'];
      const tty = onTerminal(args, tree.root);
      assert.equal(tty.status, 0, tty.transcript);
      assert.ok(progressLines(tty.transcript, 'predict prices.csv').some((l) => /^predict prices\.csv: 0 B of [\d.]+ kB \(0 %\)/.test(l)), tty.transcript);
      const pipe = piped(args, tree.root);
      assert.deepEqual([pipe.status, pipe.stderr], [0, '']);
    } finally {
      tree.remove();
    }
  });

  it('exp run: the stages done of those the experiment runs, between their output; export argo: the stages hashed', function () {
    const tree = makeTree({
      'dvc.yaml': 'stages:\n  one:\n    cmd: node -e "console.log(\'first\')" && node -e "require(\'fs\').writeFileSync(\'a.txt\', \'a\')"\n    params: [lr]\n    outs: [a.txt]\n  two:\n    cmd: node -e "require(\'fs\').writeFileSync(\'b.txt\', require(\'fs\').readFileSync(\'a.txt\'))"\n    deps: [a.txt]\n    outs: [b.txt]\n',
      'params.yaml': 'lr: 0.1\n',
      '.gitignore': '/a.txt\n/b.txt\n',
    });
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: environment() });
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'pipeline');
      const tty = onTerminal(['exp', 'run', '-S', 'lr=0.2', '--name', 'lr2'], tree.root);
      assert.equal(tty.status, 0, tty.transcript);
      const lines = progressLines(tty.transcript, 'exp run lr2');
      // Drawn at once, then again after the stage's output (its plan known by then: two stages).
      assert.ok(lines[0].startsWith('exp run lr2: 0 stages'), tty.transcript);
      assert.ok(lines.some((l) => l.startsWith('exp run lr2: 0 of 2 stages (0 %)')), tty.transcript);
      // The stage's own output is whole, on its own line.
      assert.ok(tty.transcript.split(ERASE).some((piece) => /^first\r?\n/.test(piece) || /\nfirst\r?\n/.test(piece)), tty.transcript);
      assert.match(tty.transcript, /lr2: committed [0-9a-f]{7}/);
      const pipe = piped(['exp', 'run', '-S', 'lr=0.3', '--name', 'lr3'], tree.root);
      assert.equal(pipe.status, 0, pipe.stderr);
      assert.equal(pipe.stderr, 'first\n');

      const exported = onTerminal(['export', 'argo', '--image', 'example:1', '--out', 'workflow.yaml'], tree.root);
      assert.equal(exported.status, 0, exported.transcript);
      assert.ok(progressLines(exported.transcript, 'export argo').length > 0, exported.transcript);
      const exportPiped = piped(['export', 'argo', '--image', 'example:1', '--out', 'workflow2.yaml'], tree.root);
      assert.deepEqual([exportPiped.status, exportPiped.stderr], [0, 'wrote workflow2.yaml\n']);
    } finally {
      tree.remove();
    }
  });

  it('serve: the time the model takes to load, until it serves', async function () {
    const tree = makeTree({});
    try {
      cpSync(path.join(example, 'prediction'), path.join(tree.root, 'prediction'), { recursive: true });
      writeFileSync(path.join(tree.root, 'README.md'), 'serve\n');
      const command = `stty cols 120 rows 40; exec ${[process.execPath, cli, 'serve', 'prediction/model.onnx', '--recipe', 'ohlcv-22', '--port', '0', '--workers', '1'].map(quote).join(' ')}`;
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: tree.root, env: environment() });
      let transcript = '';
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`not serving: ${transcript}`)), 200_000);
        child.stdout.on('data', (chunk: Buffer) => {
          transcript += chunk.toString('utf8');
          if (transcript.includes('Serving ')) {
            clearTimeout(deadline);
            resolve();
          }
        });
      }).finally(() => child.kill('SIGTERM'));
      assert.ok(progressLines(transcript, 'serve model.onnx').some((l) => / so far — loading the model$/.test(l)), transcript);
      // Erased before the service says it serves.
      assert.ok(transcript.includes(`${ERASE}Serving `), transcript);
    } finally {
      tree.remove();
    }
  });
});
