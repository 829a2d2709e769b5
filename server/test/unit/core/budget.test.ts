// The per-file budget, enforced (issue #67): a file's work runs where it can be stopped (a preemptive
// watchdog: platform/stopper.ts), and what nobody foresaw costs one `archipel-limit` finding on that
// file, never another file's answer. The hostile checks below never end on their own: a test that
// finishes shows the stop; no assertion reads a clock.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Feature, FeatureContext } from '../../../src/features/feature';
import { inSlices } from '../../../src/features/slices';
import { inBoundedCalls, preemptiveStopper } from '../../../src/platform/stopper';
import { checkFiles } from '../../../src/platform/project';
import { IndexThreads, loadIndex } from '../../../src/platform/indexLoad';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
import { wholeFiles } from '../../../src/workspace/summaries';
import { pathToFileURL } from 'node:url';
import { askFeatures, diagnoseFile, diagnoseFileInTurns, indexOptions } from '../../../src/service';
import { defaultSettings, type ArchipelSettings } from '../../../src/settings';
import { WorkspaceIndex, type IndexedFile } from '../../../src/workspace/index';
import { PerGeneration } from '../../../src/workspace/perGeneration';
import { clockMs, installStopper } from '../../../src/workspace/work';
import { makeTree } from '../../tempdir';
import type { SystemContributor } from '../../../src/features/system/contributor';
import { systemModel } from '../../../src/system/model';

/** Never returns: a check nobody foresaw (an exponential regular expression, a loop that does not end). */
function spinForever(): number {
  let n = 0;
  while (n >= 0) n = (n + 1) % 1000;
  return n;
}

const BUDGET_MS = 300;
const settings: ArchipelSettings = { ...defaultSettings, validation: { ...defaultSettings.validation, fileBudgetMs: BUDGET_MS } };
const finding = (code: string) => ({ offset: 0, finding: { start: 0, end: 1, message: code, code } });
const uri = (name: string) => `file:///w/${name}`;

function workspace(files: Record<string, string>): { index: WorkspaceIndex; context: FeatureContext; file: (name: string) => IndexedFile } {
  const index = new WorkspaceIndex(indexOptions(settings));
  for (const [name, text] of Object.entries(files)) index.update(uri(name), text);
  return { index, context: { index, settings, isCancelled: () => false, roots: [] }, file: (name) => index.current(uri(name))! };
}

/** A check of every file that spins on a file saying SPIN. */
const spinner: Feature = { id: 'spinner', findings: (file) => (file.text.includes('SPIN') ? (spinForever(), []) : [finding('spinner-rule')]) };

/** A model of each file, built by whoever asks first; it spins on SPIN and throws on THROW. */
const modelKey = {};
const modelOf = (file: IndexedFile) =>
  file.model(modelKey, (f) => {
    if (f.text.includes('SPIN')) spinForever();
    if (f.text.includes('THROW')) throw new RangeError('Maximum call stack size exceeded');
    return f.text.length;
  });
/** A cross-file rule: the file's own model, and what every other file's says, read from the index (as the system map and the Kubernetes graph do). */
const reader: Feature = {
  id: 'reader',
  findings: (file, context) => {
    let total = modelOf(file);
    for (const other of context.index.files()) if (!other.skipped && other.uri !== file.uri) total += modelOf(other);
    return total > 0 ? [finding('reader-rule')] : [];
  },
};

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => String(d.code));

/** Steps that never end: each cheap, their sum without end (a module of 100,000 resources checked a part at a time). */
function* endlessSteps(): Generator<void> {
  for (;;) yield;
}

/** Steps of which one never ends (a part nobody foresaw). */
function* oneEndlessStep(): Generator<void> {
  yield;
  spinForever();
}

/**
 * A preparation (Feature.prepare) whose work after its first `await` goes through the bounded-slice hook and
 * never ends on a file saying SLICES (many cheap steps) or STEP (one step); `events` hears when it begins.
 */
function preparer(events: string[]): Feature {
  return {
    id: 'preparer',
    prepare: (file, context) => {
      const steps = file.text.includes('SLICES') ? endlessSteps() : file.text.includes('STEP') ? oneEndlessStep() : undefined;
      if (!steps) return undefined;
      return (async () => {
        await Promise.resolve();
        events.push(`preparing ${file.uri.slice(file.uri.lastIndexOf('/') + 1)}`);
        await inSlices(context, steps);
      })();
    },
    findings: () => [finding('preparer-rule')],
  };
}

const limitMessage = (feature: string) =>
  `Archipel stopped its work on this file: the ${feature} work took more than ${BUDGET_MS} ms (archipel.validation.fileBudgetMs; the CLI: --file-budget). The file is not checked, and no other file's rule reads it, until it changes.`;

describe('the per-file budget, enforced (issue #67: service.ts, workspace/work.ts, platform/stopper.ts)', function () {
  this.timeout(120_000);
  let restore: () => void;
  before(() => (restore = installStopper(preemptiveStopper)));
  after(() => restore());

  it('a check that never ends is stopped at the budget: one archipel-limit naming the feature and the bound; the file is set aside, the others are checked', async () => {
    const { context, file } = workspace({ 'hostile.yaml': 'SPIN: 1\n', 'quiet.yaml': 'a: 1\n' });
    const hostile = await diagnoseFileInTurns(file('hostile.yaml'), [spinner], context);
    assert.deepEqual(codes(hostile), ['archipel-limit']);
    assert.equal(hostile[0].message, `Archipel stopped its work on this file: the spinner work took more than ${BUDGET_MS} ms (archipel.validation.fileBudgetMs; the CLI: --file-budget). The file is not checked, and no other file's rule reads it, until it changes.`);
    assert.equal(hostile[0].severity, 2);
    assert.equal(file('hostile.yaml').skipped, 'stopped');
    // Asked again, nothing runs: the file is set aside until it changes.
    assert.deepEqual(codes(await diagnoseFileInTurns(file('hostile.yaml'), [spinner], context)), ['archipel-limit']);
    assert.deepEqual(codes(await diagnoseFileInTurns(file('quiet.yaml'), [spinner], context)), ['spinner-rule']);
  });

  it('a new text of a file set aside is checked afresh', async () => {
    const { index, context } = workspace({ 'hostile.yaml': 'SPIN: 1\n' });
    await diagnoseFileInTurns(index.current(uri('hostile.yaml'))!, [spinner], context);
    const edited = index.update(uri('hostile.yaml'), 'fixed: 1\n');
    assert.equal(edited.skipped, undefined);
    assert.deepEqual(codes(await diagnoseFileInTurns(edited, [spinner], context)), ['spinner-rule']);
  });

  it("a rule reading another file's model that never ends: that file is set aside, and this file's findings come", async () => {
    const { context, file } = workspace({ 'a.yaml': 'a: 1\n', 'hostile.yaml': 'SPIN: 1\n' });
    assert.deepEqual(codes(await diagnoseFileInTurns(file('a.yaml'), [reader], context)), ['reader-rule']);
    assert.equal(file('a.yaml').skipped, undefined);
    assert.equal(file('hostile.yaml').skipped, 'stopped');
    const hostile = await diagnoseFileInTurns(file('hostile.yaml'), [reader], context);
    assert.deepEqual(codes(hostile), ['archipel-limit']);
    assert.match(String(hostile[0].message), /the reader work took more than 300 ms/);
  });

  it("a failure thrown in another file's model: that file is set aside, this file's findings come, the failing file's own diagnostics say what failed", async () => {
    const { context, file } = workspace({ 'a.yaml': 'a: 1\n', 'broken.yaml': 'THROW: 1\n' });
    assert.deepEqual(codes(await diagnoseFileInTurns(file('a.yaml'), [reader], context)), ['reader-rule']);
    assert.equal(file('broken.yaml').skipped, 'stopped');
    // Its own checks run on it as it was: the failure is its internal-error, as before it was set aside.
    const broken = await diagnoseFileInTurns(file('broken.yaml'), [reader], context);
    assert.deepEqual(codes(broken), ['internal-error']);
    assert.match(String(broken[0].message), /^The reader checks failed on this file: Maximum call stack size exceeded\./);
  });

  it("a family's selector (Feature.takes) that throws: that feature's internal-error on the file, every other feature's findings and answers still come", async () => {
    const { context, file } = workspace({ 'a.yaml': 'a: 1\n' });
    const choosy: Feature = {
      id: 'choosy',
      takes: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
      findings: () => [finding('choosy-rule')],
      documentSymbols: () => [],
    };
    const quiet: Feature = { id: 'quiet', findings: () => [finding('quiet-rule')], documentSymbols: () => [{ name: 'a', kind: 13, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, selectionRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }] };
    for (const diagnostics of [diagnoseFile(file('a.yaml'), [choosy, quiet], context), await diagnoseFileInTurns(file('a.yaml'), [choosy, quiet], context)]) {
      assert.deepEqual(codes(diagnostics).sort(), ['internal-error', 'quiet-rule']);
      assert.match(String(diagnostics.find((d) => d.code === 'internal-error')?.message), /^The choosy checks failed on this file: Maximum call stack size exceeded\./);
    }
    const failed: string[] = [];
    const symbols = askFeatures(file('a.yaml'), [choosy, quiet], context, (f) => f.documentSymbols?.(file('a.yaml'), context), (feature) => failed.push(feature));
    assert.deepEqual(symbols.map((s) => s.name), ['a']);
    assert.deepEqual(failed, ['choosy']);
  });

  it('a check with 200,000 findings: all of them are diagnostics (gathered in a loop; spread as arguments they overflowed the stack)', async () => {
    const { index, file } = workspace({ 'many.yaml': 'a: 1\n' });
    // Without a bound: making 200,000 findings is not what is tested (on a loaded machine it can pass the budget above).
    const context: FeatureContext = { index, settings: { ...settings, validation: { ...settings.validation, fileBudgetMs: 0 } }, isCancelled: () => false, roots: [] };
    const many = 200_000;
    const prolific: Feature = { id: 'prolific', findings: () => Array.from({ length: many }, () => finding('prolific-rule')) };
    const found = await diagnoseFileInTurns(file('many.yaml'), [prolific], context);
    assert.equal(found.length, many);
    assert.equal(found.filter((d) => d.code === 'prolific-rule').length, many);
    const answers = askFeatures(file('many.yaml'), [prolific], context, (f) => f.findings?.(file('many.yaml'), context), () => undefined);
    assert.equal(answers.length, many);
  });

  it('after a stop, what the stopped work may have half written is dropped: the models of the files at work and every PerGeneration value', async () => {
    const { index, context, file } = workspace({ 'a.yaml': 'a: 1\n', 'hostile.yaml': 'SPIN: 1\n' });
    const kept = new PerGeneration<WorkspaceIndex, number>();
    let builds = 0;
    const ask = () => kept.get(index, index.generation, [], () => ++builds);
    const generation = index.generation;
    ask();
    ask();
    assert.equal(builds, 1);
    const sizeKey = {};
    const built: string[] = [];
    file('a.yaml').model(sizeKey, (f) => built.push(f.uri));
    await diagnoseFileInTurns(file('a.yaml'), [reader], context);
    assert.notEqual(index.generation, generation, 'setting a file aside is a change of the index');
    kept.get(index, generation, [], () => ++builds);
    assert.equal(builds, 2, 'a value kept for the generation before the stop is made again');
    file('a.yaml').model(sizeKey, (f) => built.push(f.uri));
    assert.equal(built.length, 2, "the checked file's models are made again");
  });

  it('archipel check: the file over budget gets archipel-limit, every other file of its batch and after it its findings', async () => {
    const tree = makeTree({ 'a.yaml': 'a: 1\n', 'b.yaml': 'SPIN: 1\n', 'c.yaml': 'c: 1\n' });
    try {
      const files = ['a.yaml', 'b.yaml', 'c.yaml'].map((name) => path.join(tree.root, name));
      const results = await checkFiles(files, [spinner], settings);
      assert.deepEqual(
        results.map((r) => [path.basename(r.path), codes(r.diagnostics)]),
        [
          ['a.yaml', ['spinner-rule']],
          ['b.yaml', ['archipel-limit']],
          ['c.yaml', ['spinner-rule']],
        ],
      );
      // The budget off (0): nothing is stopped (a file that ends is checked as before).
      const off = await checkFiles([files[0], files[2]], [spinner], { ...settings, validation: { ...settings.validation, fileBudgetMs: 0 } });
      assert.deepEqual(off.map((r) => codes(r.diagnostics)), [['spinner-rule'], ['spinner-rule']]);
    } finally {
      tree.remove();
    }
  });

  it("the budget's clock (process.hrtime, not the global performance: issue #68) is the monotonic clock performance.now() reads: an interval read inside another is no longer than it", () => {
    for (let round = 0; round < 5; round++) {
      const outerStart = clockMs();
      const innerStart = performance.now();
      // Until performance.now() has moved: the clock read around it moved at least as far.
      let innerEnd = performance.now();
      while (innerEnd === innerStart) innerEnd = performance.now();
      const outerEnd = clockMs();
      assert.ok(outerEnd >= outerStart);
      // Both in milliseconds of the same clock (libuv's hrtime): a microsecond of rounding aside.
      assert.ok(outerEnd - outerStart >= innerEnd - innerStart - 1e-3, `${outerEnd - outerStart} ms around ${innerEnd - innerStart} ms`);
    }
  });

  for (const shape of ['SLICES', 'STEP']) {
    it(`a preparation's work after its first await (${shape === 'SLICES' ? 'endless cheap slices' : 'one endless step'}) is bounded by the file's budget: another file asked meanwhile is answered first, and the file gets archipel-limit naming the feature`, async () => {
      const events: string[] = [];
      const features = [preparer(events)];
      const { context, file } = workspace({ 'hostile.yaml': `${shape}: 1\n`, 'quiet.yaml': 'a: 1\n' });
      const hostile = diagnoseFileInTurns(file('hostile.yaml'), features, context).then((d) => (events.push('hostile answered'), d));
      while (!events.includes('preparing hostile.yaml')) await new Promise((resolve) => setImmediate(resolve));
      const quiet = await diagnoseFileInTurns(file('quiet.yaml'), features, context);
      events.push('quiet answered');
      assert.deepEqual(codes(quiet), ['preparer-rule']);
      assert.deepEqual((await hostile).map((d) => [d.code, d.message]), [['archipel-limit', limitMessage('preparer')]]);
      assert.deepEqual(events, ['preparing hostile.yaml', 'quiet answered', 'hostile answered']);
      assert.equal(file('hostile.yaml').skipped, 'stopped');
      assert.equal(file('quiet.yaml').skipped, undefined);
    });
  }

  it("archipel check: a file whose preparation's slices never end gets archipel-limit, the files of its batch their findings", async () => {
    const tree = makeTree({ 'a.yaml': 'a: 1\n', 'b.yaml': 'SLICES: 1\n', 'c.yaml': 'STEP: 1\n', 'd.yaml': 'd: 1\n' });
    try {
      const files = ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml'].map((name) => path.join(tree.root, name));
      const results = await checkFiles(files, [preparer([])], settings);
      assert.deepEqual(
        results.map((r) => [path.basename(r.path), r.diagnostics.map((d) => [d.code, d.message])]),
        [
          ['a.yaml', [['preparer-rule', 'preparer-rule']]],
          ['b.yaml', [['archipel-limit', limitMessage('preparer')]]],
          ['c.yaml', [['archipel-limit', limitMessage('preparer')]]],
          ['d.yaml', [['preparer-rule', 'preparer-rule']]],
        ],
      );
    } finally {
      tree.remove();
    }
  });

  it('work in bounded calls: the step at work when a call is stopped is the one named, the steps before and after it run', () => {
    const ran: number[] = [];
    const stopped: number[] = [];
    inBoundedCalls(
      4,
      BUDGET_MS,
      (i) => {
        if (i === 2) spinForever();
        ran.push(i);
      },
      (i) => (stopped.push(i), 'next'),
    );
    assert.deepEqual(ran, [0, 1, 3]);
    assert.deepEqual(stopped, [2]);
  });

  it("an index thread's memory is bounded: a file whose parse would pass it ends the thread, not the process, and is set aside with archipel-limit; the other files are indexed", async () => {
    // 40,000 ConfigMaps (3.6 MB, under the 4 MB file bound): their parse needs far more than a 64 MB heap.
    const big = Array.from({ length: 40_000 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  labels: {a: b}\ndata:\n  k: v\n`).join('');
    const tree = makeTree({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', 'big.yaml': big });
    const threads = IndexThreads.for(kubernetesSummarizer, wholeFiles, { count: 1, memoryMb: 64 });
    try {
      const index = new WorkspaceIndex(indexOptions(settings));
      const items = ['a.yaml', 'big.yaml'].map((name) => ({ file: path.join(tree.root, name), uri: pathToFileURL(path.join(tree.root, name)).href, context: false }));
      await loadIndex(index, items, { summarizer: kubernetesSummarizer, maxBytes: indexOptions(settings).maxBytes, threads, pace: () => undefined, failed: () => assert.fail('no file is unreadable') });
      assert.equal(index.current(items[0].uri)?.skipped, 'summary');
      const stopped = index.current(items[1].uri)!;
      assert.deepEqual([stopped.skipped, stopped.setAside], ['stopped', { reason: 'memory', feature: 'index', bound: 64 }]);
      const context = { index, settings, isCancelled: () => false, roots: [] };
      assert.deepEqual(
        (await diagnoseFileInTurns(stopped, [spinner], context)).map((d) => d.message),
        ["Archipel stopped its work on this file: the index work needed more than 64 MB. The file is not checked, and no other file's rule reads it, until it changes."],
      );
    } finally {
      await threads?.close();
      tree.remove();
    }
  });

  it("the system map: a file whose extraction fails is set aside and the map made without it; the other files' elements stay", () => {
    const { index, file } = workspace({ 'a.yaml': 'a: 1\n', 'broken.yaml': 'THROW: 1\n', 'c.yaml': 'c: 1\n' });
    const contributor: SystemContributor = {
      contribute(builder) {
        for (const f of builder.index.files()) {
          if (f.skipped) continue;
          modelOf(f);
          builder.node({ id: `test:${f.uri}`, kind: 'service', name: f.uri.slice(-6), sources: [] });
        }
      },
    };
    const model = systemModel(index, [{ family: 'test', contributor }]);
    assert.deepEqual(model.nodes.map((n) => n.name), ['a.yaml', 'c.yaml']);
    assert.equal(file('broken.yaml').skipped, 'stopped');
    assert.match(file('broken.yaml').setAside?.message ?? '', /Maximum call stack size exceeded/);
  });
});
