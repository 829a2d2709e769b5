// Issue #92: `cost`, `threats` and `diagram` read through the kept index as `check` does (platform/indexCache.ts: cost
// its priced summaries, threats and diagram check's summaries), and a warm run says what a cold one says — after a
// rewrite that keeps a file's size and mtime (`cp -p`, `rsync -a`, `tar x`) too. Summaries from the first file on
// (ARCHIPEL_SUMMARY_THRESHOLD=0): the kept index serves summarised trees only, as in a monorepo.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

/** A priced Deployment (its requests) behind a LoadBalancer Service: a cost, an entry point, a map node. */
const manifests = (replicas: number, service: string, type: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    '    matchLabels:',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '          ports:',
    '            - containerPort: 8080',
    '          resources:',
    '            requests:',
    '              cpu: "2"',
    '              memory: 4Gi',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${service}`,
    'spec:',
    `  type: ${type}`,
    '  selector:',
    '    app: web',
    '  ports:',
    '    - port: 80',
    '      targetPort: 8080',
    '',
  ].join('\n');

/** `text` padded with a comment to `size` bytes: a rewrite of the same size. */
function ofSize(text: string, size: number): string {
  const pad = size - Buffer.byteLength(text) - 2;
  assert.ok(pad >= 0, 'the rewrite is not longer than the file');
  return `${text}#${'x'.repeat(pad)}\n`;
}

const COMMANDS = [
  ['cost', '--format', 'json', '.'],
  ['threats', '--format', 'json', '.'],
  ['diagram', 'system', '--format', 'json', '.'],
];

describe('cost, threats and diagram through the kept index: warm = cold (#92)', function () {
  this.timeout(600_000); // a dozen CLI runs on a shared machine: a bound against hangs

  it('warm says what cold says, before and after a rewrite keeping size and mtime', () => {
    assert.ok(existsSync(cli), 'the built CLI (node esbuild.mjs) is needed');
    const first = manifests(2, 'front', 'LoadBalancer');
    // The workloads' node type (docs/cost.md): without it a Deployment is unpriced whatever its replicas.
    const tree = makeTree({ 'k8s/app.yaml': ofSize(first, first.length + 40), 'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n' });
    const folders = [mkdtempSync(path.join(os.tmpdir(), 'archipel-warm-'))];
    const [warm] = folders;
    const run = (args: readonly string[], cache: string) => {
      const env = { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: cache, ARCHIPEL_SUMMARY_THRESHOLD: '0', HOME: tree.root };
      const done = spawnSync(process.execPath, [cli, ...args], { cwd: tree.root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.ok(done.status === 0 || done.status === 1, `${args.join(' ')}: exit ${String(done.status)}: ${done.stderr}`);
      return done.stdout;
    };
    const cold = (args: readonly string[]) => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'archipel-cold-'));
      folders.push(folder);
      return run(args, folder);
    };
    try {
      // An hour back: nothing within the racy window, every file kept.
      const then = new Date(Date.now() - 3_600_000);
      const file = path.join(tree.root, 'k8s', 'app.yaml');
      for (const kept of [file, path.join(tree.root, 'archipel.yaml')]) utimesSync(kept, then, then);
      const before = COMMANDS.map((args) => run(args, warm));
      const kept = readdirSync(path.join(warm, 'index'));
      assert.ok(kept.some((name) => name.endsWith('-priced.v8')) && kept.some((name) => name.endsWith('-summaries.v8')), `the kept indexes written: ${kept.join(', ')}`);
      COMMANDS.forEach((args, i) => assert.equal(run(args, warm), before[i], `${args[0]} warm = its first run`));
      // Another replica count, another Service name and type, the same size and mtime.
      const size = statSync(file).size;
      writeFileSync(file, ofSize(manifests(9, 'proxy', 'NodePort'), size));
      utimesSync(file, then, then);
      COMMANDS.forEach((args, i) => {
        const expected = cold(args);
        assert.notEqual(expected, before[i], `${args[0]}: the rewrite changes its answer (the case is not vacuous)`);
        assert.equal(run(args, warm), expected, `${args[0]} warm after a rewrite keeping size and mtime = cold`);
      });
    } finally {
      tree.remove();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    }
  });
});
