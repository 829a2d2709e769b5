// The first answer an editor gets for a file is its settled answer, the one `archipel check` gives (issue #69
// item 1). An editor that shows the first publication (Neovim, a CI bot, a `nvim --headless` script) used to
// show false problems: files opened at start-up were diagnosed while the first scan was still reading the
// workspace (a Terraform module's variables, an Ansible project's group_vars, a chart's values), 9 false problems
// on infra/terraform/main.tf and ansible/post-install.yml of the clean example, retracted a second later.
// Servers of their own: each test counts every publication from the server's start, on a workspace of its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { familyFiles } from '../../../src/families/index';
import { repoRoot } from '../../helpers';
import { copyTree, makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
const severities = ['', 'error', 'warning', 'information', 'hint'];

/** A finding as both sides can say it: the file, the rule, where it starts, how severe. */
const key = (file: string, d: { code?: unknown; range: Diagnostic['range']; severity?: unknown }) =>
  `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${typeof d.severity === 'number' ? severities[d.severity] : String(d.severity)}`;

/** The CLI's answer for the workspace, by file (relative path → its findings, sorted). */
function cliAnswer(root: string, cacheDir: string): Map<string, string[]> {
  const run = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, ARCHIPEL_CACHE_DIR: cacheDir }, maxBuffer: 64 * 1024 * 1024 });
  assert.ok(run.status === 0 || run.status === 1, `archipel check exited ${run.status}: ${run.stderr}`);
  const byFile = new Map<string, string[]>();
  for (const finding of JSON.parse(run.stdout) as (Diagnostic & { file: string })[]) {
    const file = finding.file.split(path.sep).join('/');
    byFile.set(file, [...(byFile.get(file) ?? []), key(file, finding)].sort());
  }
  return byFile;
}

/** Every file of the workspace an editor could open as text (what `nvim $(git ls-files)` opens), relative paths. */
function textFiles(root: string, folder = ''): string[] {
  const files: string[] = [];
  for (const name of readdirSync(path.join(root, folder))) {
    const relative = folder ? `${folder}/${name}` : name;
    if (statSync(path.join(root, relative)).isDirectory()) files.push(...textFiles(root, relative));
    else if (!/\.(png|jpe?g|onnx|csv|parquet)$/i.test(name)) files.push(relative);
  }
  return files;
}

/** The files the server indexes among `files` (the families' selector, as the session asks it): each gets a publication once open. */
function indexedAmong(root: string, files: readonly string[]): string[] {
  const matcher = familyFiles();
  return files.filter((file) => {
    const uri = pathToFileURL(path.join(root, file)).href;
    const match = matcher.match(uri);
    return match === 'yes' || (match === 'sniff' && matcher.claims(uri, readFileSync(path.join(root, file), 'utf8')));
  });
}

const languageOf = (file: string) => (file.endsWith('.tf') ? 'terraform' : file.endsWith('.md') ? 'markdown' : file.endsWith('.json') ? 'json' : 'yaml');

interface Recorded {
  /** Every publication of each file, in order, as finding keys. */
  byFile: Map<string, string[][]>;
  /** What the CLI says of each file. */
  expected: Map<string, string[]>;
  files: string[];
}

/**
 * Starts a server on `root` as Neovim does (initialize, initialized, then a didOpen per buffer at once), opens
 * `open`, and records every publication until each opened file the server indexes and each file the CLI has
 * findings in (opened or not: closed files' problems are pushed too) has had one.
 */
async function recordStart(root: string, open: readonly string[], cacheDir: string): Promise<Recorded> {
  const expected = cliAnswer(root, path.join(cacheDir, 'cli'));
  const client = await TestLspClient.startInWorkspace(root, { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { configuration: true } }, undefined, {}, { ARCHIPEL_CACHE_DIR: path.join(cacheDir, 'server') });
  try {
    const uriOf = (file: string) => pathToFileURL(path.join(root, file)).href;
    for (const file of open) void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: languageOf(file), version: 1, text: readFileSync(path.join(root, file), 'utf8') } });
    const awaited = [...new Set([...indexedAmong(root, open), ...expected.keys()])];
    const fileOf = new Map(textFiles(root).map((file) => [uriOf(file), file]));
    await client.waitFor(
      `a publication for each of ${awaited.length} files`,
      () => (awaited.every((file) => client.published.some((p) => p.uri === uriOf(file))) ? true : undefined),
      90_000,
    );
    await client.indexReady();
    const byFile = new Map<string, string[][]>();
    for (const publication of client.published) {
      const file = fileOf.get(publication.uri) ?? publication.uri;
      byFile.set(file, [...(byFile.get(file) ?? []), publication.diagnostics.map((d) => key(file, d)).sort()]);
    }
    return { byFile, expected, files: awaited };
  } finally {
    await client.stop();
  }
}

/** Each file's first publication, and every one after it, is the CLI's answer. */
function assertFirstIsSettled({ byFile, expected }: Recorded): void {
  const wrong: string[] = [];
  for (const [file, publications] of byFile) {
    const want = expected.get(file) ?? [];
    publications.forEach((got, i) => {
      const extra = got.filter((k) => !want.includes(k));
      const missing = want.filter((k) => !got.includes(k));
      if (extra.length > 0 || missing.length > 0) wrong.push(`${file}, publication ${i + 1} of ${publications.length}: ${extra.length} not in the CLI's answer [${extra.join('; ')}], ${missing.length} missing [${missing.join('; ')}]`);
    });
  }
  // Every file the CLI finds problems in was published (recordStart waited for it): none is only in the CLI.
  for (const file of expected.keys()) if (!byFile.has(file)) wrong.push(`${file}: never published`);
  assert.deepEqual(wrong, [], `publications that are not the CLI's answer:\n${wrong.join('\n')}`);
}

/** Five defects planted in the example, each found only by reading another file of the workspace. */
const planted: [file: string, from: string, to: string][] = [
  // A variable the root module does not declare (variables.tf declares `region`).
  ['infra/terraform/main.tf', '  region     = var.region\n', '  region     = var.regoin\n'],
  // A variable no group_vars defines (group_vars/stack.yml defines `stack_user`).
  ['ansible/post-install.yml', '        name: "{{ stack_user }}"\n        groups: docker', '        name: "{{ stack_owner }}"\n        groups: docker'],
  // A value the chart's values.yaml does not have: Helm's own rendering fails (and the Argo CD application's values with it).
  ['charts/stock-predictor/templates/deployment.yaml', '{{ .Values.modelSync.image }}', '{{ .Values.modelSynk.image.tag }}'],
  // A selector no workload's pods carry.
  ['kubernetes/service.yaml', 'selector:\n    app.kubernetes.io/name: stock-predictor', 'selector:\n    app.kubernetes.io/name: stock-predicter'],
  // A rule file pattern that matches no file.
  ['monitoring/prometheus.yml', '  - alerts.yml\n', '  - alerts.yml\n  - recording/*.yml\n'],
];

/** Files of the example whose findings read other files: a module's variables, group_vars, a chart's values, the workloads, the rule files, the ADRs, the components. */
const readers = [
  'infra/terraform/main.tf',
  'ansible/post-install.yml',
  'charts/stock-predictor/templates/deployment.yaml',
  'kubernetes/service.yaml',
  'kubernetes/argocd-application.yaml',
  'monitoring/prometheus.yml',
  'docker-compose.yml',
  'dvc.yaml',
  '.github/workflows/ml-pipeline.yml',
  'docs/architecture.md',
  'governance/risks.amdec.yaml',
];

describe('the first publication of each file is the CLI\'s answer (#69)', function () {
  this.timeout(180_000);
  const example = path.join(repoRoot, 'examples', 'portfolio');
  const caches = makeTree({});
  after(() => caches.remove());

  it('on the clean example, the files that read others opened at start-up: 0 problems first, and nothing else after', async () => {
    const copy = copyTree(example);
    try {
      // Not the files they read (opening variables.tf or group_vars/stack.yml puts it in the index at once).
      const recorded = await recordStart(copy.root, readers, path.join(caches.root, 'clean'));
      assert.deepEqual([...recorded.expected.keys()], [], 'the example is clean for the CLI');
      assert.deepEqual(recorded.files, readers, 'each is a file the server indexes');
      assertFirstIsSettled(recorded);
    } finally {
      copy.remove();
    }
  });

  it('on a copy with five planted defects, three of their files open and the others closed: the CLI\'s findings first, in both channels', async () => {
    const copy = copyTree(example);
    try {
      for (const [file, from, to] of planted) {
        const text = readFileSync(path.join(copy.root, file), 'utf8');
        assert.ok(text.includes(from), `${file} still holds the text the defect replaces`);
        writeFileSync(path.join(copy.root, file), text.replace(from, to));
      }
      const open = ['infra/terraform/main.tf', 'ansible/post-install.yml', 'charts/stock-predictor/templates/deployment.yaml', 'charts/stock-predictor/values.yaml', 'kubernetes/deployment.yaml'];
      const recorded = await recordStart(copy.root, open, path.join(caches.root, 'planted'));
      // The CLI finds each defect (the chart's twice, and the Argo CD application that renders it): 7 findings in 6 files.
      assert.deepEqual(
        [...recorded.expected.values()].flat().map((k) => k.replace(/^(.*?:\d+):\d+ (\S+) \S+$/, '$1 $2')).sort(),
        [
          'ansible/post-install.yml:21 ansible-undefined-variable',
          'charts/stock-predictor/templates/deployment.yaml:40 helm-render',
          'charts/stock-predictor/templates/deployment.yaml:40 helm-undefined-value',
          'infra/terraform/main.tf:6 terraform-undeclared',
          'kubernetes/argocd-application.yaml:40 helm-argocd-values',
          'kubernetes/service.yaml:11 k8s-service-no-match',
          'monitoring/prometheus.yml:12 prom-rule-files',
        ],
      );
      assertFirstIsSettled(recorded);
    } finally {
      copy.remove();
    }
  });

  it('pulled (a client with textDocument/diagnostic, as VS Code): the first answer for a file opened at start-up is the CLI\'s', async () => {
    const copy = copyTree(example);
    const [file, from, to] = planted[0];
    writeFileSync(path.join(copy.root, file), readFileSync(path.join(copy.root, file), 'utf8').replace(from, to));
    const expected = cliAnswer(copy.root, path.join(caches.root, 'pull-cli'));
    const client = await TestLspClient.startInWorkspace(copy.root, { textDocument: { diagnostic: {} }, workspace: { configuration: true } }, undefined, {}, { ARCHIPEL_CACHE_DIR: path.join(caches.root, 'pull') });
    try {
      const answers = await Promise.all(
        ['infra/terraform/main.tf', 'ansible/post-install.yml'].map(async (name) => {
          const uri = pathToFileURL(path.join(copy.root, name)).href;
          void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: languageOf(name), version: 1, text: readFileSync(path.join(copy.root, name), 'utf8') } });
          const report = await client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
          return [name, report.items.map((d) => key(name, d)).sort()] as const;
        }),
      );
      assert.deepEqual(Object.fromEntries(answers), { 'infra/terraform/main.tf': expected.get('infra/terraform/main.tf'), 'ansible/post-install.yml': [] });
      assert.equal(expected.get('infra/terraform/main.tf')?.length, 1);
    } finally {
      await client.stop();
      copy.remove();
    }
  });
});
