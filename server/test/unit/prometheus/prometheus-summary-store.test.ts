import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { Diagnostic } from 'vscode-languageserver-types';
import { currentLanguage, setLanguage } from '../../../src/l10n/t';
import { composeFace } from '../../../src/compose/api';
import { prometheusFeature } from '../../../src/prometheus/feature';
import { RuleSummaryStore } from '../../../src/prometheus/host';
import { documentSummary, forgetRuleSummaries } from '../../../src/prometheus/ruleResults';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';

const root = path.join(fixturesDir, 'oss', 'prometheus');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

const corpus = yamlFiles(root).map((file) => ({ uri: `file:///w/${path.relative(root, file).split(path.sep).join('/')}`, text: readFileSync(file, 'utf8') }));

/**
 * One process's check of the files: a new index (new file versions) and no summary in memory, as a
 * new `archipel check` starts; with a store, the rules' own findings come from it when it has them.
 */
function check(files: readonly { uri: string; text: string }[], store?: RuleSummaryStore): Map<string, Diagnostic[]> {
  forgetRuleSummaries();
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const file of files) index.update(file.uri, file.text);
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  const feature = prometheusFeature({ compose: composeFace }, store);
  return new Map(files.map((file) => [file.uri, diagnoseFile(index.get(file.uri)!, [feature], context)]));
}

const rules = corpus.filter((file) => /^groups:/m.test(file.text));

const storeFile = (folder: string) => path.join(folder, 'prometheus', 'rule-summaries.v8');
const documentsFile = (folder: string) => path.join(folder, 'prometheus', 'rule-documents.v8');

describe('Prometheus rule summaries kept between processes', function () {
  this.timeout(120_000);
  let folder: string;
  // Every store a test opens: saved before its folder is removed, so that no timer or exit hook of a store with
  // unsaved summaries writes the folder again after the test.
  const opened: RuleSummaryStore[] = [];
  const open = (where: string, build: string) => {
    const store = new RuleSummaryStore(where, build);
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'archipel-rule-summaries-'));
  });
  afterEach(() => {
    for (const store of opened.splice(0)) store.save();
    rmSync(folder, { recursive: true, force: true });
    forgetRuleSummaries();
  });

  it('give the findings of a cold check on the whole Prometheus corpus, every rule from the store the second time', () => {
    const cold = check(corpus);
    const first = open(folder, 'build-1');
    assert.deepEqual(check(corpus, first), cold);
    assert.equal(first.counts.hits, 0);
    assert.ok(first.counts.misses >= 1000, `${first.counts.misses} rules checked`);
    first.save();
    assert.ok(existsSync(storeFile(folder)));
    assert.ok(existsSync(documentsFile(folder)));
    const second = open(folder, 'build-1');
    assert.deepEqual(check(corpus, second), cold);
    // Every rule document checked the first time is read from the store whole: no rule's summary is even asked for.
    assert.ok(first.counts.documentMisses >= 100, `${first.counts.documentMisses} rule documents checked`);
    assert.equal(first.counts.documentHits, 0);
    assert.deepEqual({ ...second.counts }, { hits: 0, misses: 0, documentHits: first.counts.documentMisses, documentMisses: 0 });
    assert.ok([...cold.values()].some((found) => found.length > 0), 'the corpus has findings');
    // Without the documents' file, every rule's summary is read from the other: none is parsed or checked again.
    rmSync(documentsFile(folder));
    const third = open(folder, 'build-1');
    assert.deepEqual(check(corpus, third), cold);
    assert.deepEqual({ ...third.counts }, { hits: first.counts.misses, misses: 0, documentHits: 0, documentMisses: first.counts.documentMisses });
  });

  it('give, from a kept document, what the other files tell now (a recording rule added elsewhere, a scrape interval)', () => {
    const reading = {
      uri: 'file:///w/alerts.rules.yml',
      text: 'groups:\n  - name: g\n    interval: 10s\n    rules:\n      - alert: Slow\n        expr: job:latency:p99 > 1\n      - alert: Rate\n        expr: rate(job:requests:sum[5m]) > 1\n',
    };
    const recording = { uri: 'file:///w/recording.rules.yml', text: 'groups:\n  - name: r\n    rules:\n      - record: job:latency:p99\n        expr: histogram_quantile(0.99, rate(latency_bucket[5m]))\n      - record: job:requests:sum\n        expr: sum(requests)\n' };
    const config = { uri: 'file:///w/prometheus.yml', text: 'global:\n  scrape_interval: 30s\nscrape_configs:\n  - job_name: app\n' };
    const codes = (found: Map<string, Diagnostic[]>) => found.get(reading.uri)!.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`);
    const first = open(folder, 'build-1');
    assert.deepEqual(codes(check([reading], first)), ['prom-undefined-recording-rule 5:14', 'prom-undefined-recording-rule 7:19']);
    first.save();
    for (const [files, expected] of [
      [[reading, recording], ['prom-rate-non-counter 7:19']],
      [[reading, config], ['prom-group-interval 2:14', 'prom-undefined-recording-rule 5:14', 'prom-undefined-recording-rule 7:19']],
      [[reading], ['prom-undefined-recording-rule 5:14', 'prom-undefined-recording-rule 7:19']],
    ] as const) {
      const store = open(folder, 'build-1');
      const found = check(files, store);
      assert.deepEqual(codes(found), expected);
      assert.deepEqual(found, check(files));
      assert.equal(store.counts.documentHits, 1, 'the document is read from the store');
    }
  });

  it('check an edited rule again (not served from the store), and the unchanged ones from it', () => {
    // A one-line expression reading a rate, in a plain rule file.
    const line = /^( +expr: +'?)(\w*\(*rate\(.*)$/m;
    const file = rules.find((f) => f.uri.includes('/corpus/') && line.test(f.text))!;
    const edited = { ...file, text: file.text.replace(line, '$1archipel_serve_nothing + $2') };
    assert.notEqual(edited.text, file.text);
    const first = open(folder, 'build-1');
    check([file], first);
    first.save();
    const second = open(folder, 'build-1');
    const found = check([edited], second);
    assert.deepEqual(found, check([edited]));
    assert.equal(second.counts.documentMisses, 1);
    assert.equal(second.counts.misses, 1);
    assert.equal(second.counts.hits, first.counts.misses - 1);
    assert.ok(found.get(file.uri)!.some((d) => d.code === 'prom-unknown-metric'), 'the edit is found');
  });

  it('serve nothing to another build or another language', () => {
    const first = open(folder, 'build-1');
    check(corpus, first);
    first.save();
    const otherBuild = open(folder, 'build-2');
    check(corpus, otherBuild);
    assert.equal(otherBuild.counts.hits, 0);
    assert.equal(otherBuild.counts.documentHits, 0);
    const language = currentLanguage();
    setLanguage('fr');
    try {
      const french = open(folder, 'build-1');
      const found = check(corpus, french);
      assert.equal(french.counts.hits, 0);
      assert.equal(french.counts.documentHits, 0);
      assert.deepEqual(found, check(corpus));
    } finally {
      setLanguage(language);
    }
  });

  it('ignore a store cut short, damaged, of another format or holding a summary of another shape', () => {
    const files = rules.slice(0, 40);
    const cold = check(files);
    const first = open(folder, 'build-1');
    check(files, first);
    first.save();
    // Each file alone (the other removed, so that it is asked): the rules' summaries, then the documents'.
    for (const [file, other, counted] of [
      [storeFile(folder), documentsFile(folder), 'hits'],
      [documentsFile(folder), storeFile(folder), 'documentHits'],
    ] as const) {
      const bytes = readFileSync(file);
      const kept = readFileSync(other);
      rmSync(other);
      const damaged = Buffer.from(bytes);
      damaged[damaged.length - 100] ^= 0x20;
      for (const broken of [bytes.subarray(0, bytes.length >> 1), bytes.subarray(0, 10), damaged, Buffer.from('not a store'), Buffer.alloc(0)]) {
        writeFileSync(file, broken);
        const store = open(folder, 'build-1');
        assert.deepEqual(check(files, store), cold);
        assert.equal(store.counts[counted], 0);
      }
      writeFileSync(file, bytes);
      writeFileSync(other, kept);
    }
    // A whole file (its CRC right) whose summaries are not summaries: each is checked again.
    const written = (file: string, magic: string, entries: [string, unknown][]) => {
      const body = serialize({ format: 1, build: 'build-1', entries });
      const head = Buffer.alloc(magic.length + 4);
      head.write(magic);
      head.writeUInt32LE(crc32(body), magic.length);
      writeFileSync(file, Buffer.concat([head, body]));
    };
    const keys = open(folder, 'build-1');
    const entries: [string, unknown][] = [];
    const documents: [string, unknown][] = [];
    keys.put = (key) => void entries.push([key, { findings: 'none', references: [{ start: 'x' }] }]);
    keys.putDocument = (key) => void documents.push([key, { top: [], groups: [{ head: [], rules: [{ own: [{ start: 'x' }], references: [], counters: [] }] }] }]);
    rmSync(storeFile(folder));
    rmSync(documentsFile(folder));
    check(files, keys);
    assert.equal(documents.length, files.length);
    written(storeFile(folder), 'archipel-rule-summaries\n', entries);
    written(documentsFile(folder), 'archipel-rule-documents\n', documents);
    const store = open(folder, 'build-1');
    assert.deepEqual(check(files, store), cold);
    assert.deepEqual({ hits: store.counts.hits, documentHits: store.counts.documentHits, documentMisses: store.counts.documentMisses }, { hits: 0, documentHits: 0, documentMisses: files.length });
    assert.ok(store.counts.misses > 0);
  });

  it('let go of the oldest documents past the bound on its keys\' characters (a language server\'s versions of a large file), the newest kept', () => {
    const version = (mark: string) => `groups:\n# ${mark}\n${'#'.repeat(5 << 20)}\n`;
    const store = open(folder, 'build-1');
    store.putDocument(version('first'), { top: [], groups: [] });
    store.putDocument(version('second'), { top: [{ start: 0, end: 6, code: 'c', message: 'm' }], groups: [] });
    store.save();
    const next = open(folder, 'build-1');
    assert.equal(next.getDocument(version('first')), undefined);
    assert.deepEqual(next.getDocument(version('second')), { top: [{ start: 0, end: 6, code: 'c', message: 'm' }], groups: [] });
  });

  it('keep in memory at most 16 M characters of documents\' texts (each version of a large rule file a language server sees is one)', () => {
    let made = 0;
    const summarize = () => (made++, { top: [], groups: [] });
    const first = `groups:\n${'#'.repeat(9 << 20)}\n`;
    const second = `groups: []\n${'#'.repeat(9 << 20)}\n`;
    documentSummary(first, summarize);
    documentSummary(first, summarize);
    assert.equal(made, 1, 'the same text: its summary in memory');
    documentSummary(second, summarize);
    documentSummary(first, summarize);
    assert.equal(made, 3, 'past the bound the memory is cleared: the first text summarised again');
  });

  it('keep one whole file when two processes save at once, and leave the previous one when a save fails', async () => {
    const host = require.resolve('../../../src/prometheus/host');
    const writer = (from: number) => `
      const { RuleSummaryStore } = require(${JSON.stringify(host)});
      const store = new RuleSummaryStore(${JSON.stringify(folder)}, 'build-1');
      for (let i = ${from}; i < ${from} + 2000; i++) store.put('rule ' + i, { findings: [{ start: i, end: i + 1, code: 'c', message: 'm' + i }], references: [] });
      store.save();`;
    const run = (code: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', code], { stdio: 'inherit' });
        child.on('error', reject);
        child.on('exit', resolve);
      });
    assert.deepEqual(await Promise.all([run(writer(0)), run(writer(1000))]), [0, 0]);
    const store = open(folder, 'build-1');
    // The last rename left a whole file: all of its writer's summaries (and those of the other it merged, if it had saved first).
    const found = Array.from({ length: 3000 }, (_, i) => store.get(`rule ${i}`));
    const whole = (from: number) => found.slice(from, from + 2000).every((summary, i) => summary?.findings[0]?.message === `m${from + i}`);
    assert.ok(whole(0) || whole(1000), `${found.filter(Boolean).length} of 3000 read`);
    assert.ok(found.every((summary, i) => summary === undefined || summary.findings[0].start === i));
    // A killed writer's temporary file is never read, and an old one is removed by the next save.
    const temp = `${storeFile(folder)}.4194399-dead.tmp`;
    writeFileSync(temp, 'half');
    utimesSync(temp, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    const next = open(folder, 'build-1');
    assert.equal(next.get('rule 5')?.findings[0].message ?? 'm5', 'm5');
    next.put('rule new', { findings: [], references: [] });
    next.save();
    assert.ok(!existsSync(temp));
    assert.deepEqual(open(folder, 'build-1').get('rule new'), { findings: [], references: [] });
    // A folder that cannot be written (a file where the folder should be): the save fails quietly, the check stands.
    const blocked = path.join(folder, 'blocked');
    writeFileSync(blocked, '');
    const failing = open(blocked, 'build-1');
    failing.put('rule', { findings: [], references: [] });
    assert.doesNotThrow(() => failing.save());
    mkdirSync(path.join(folder, 'empty'));
    assert.equal(open(path.join(folder, 'empty'), 'build-1').get('rule'), undefined);
  });
});
