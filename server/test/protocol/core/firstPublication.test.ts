// The first answer an editor gets for a file is its settled answer, the one `archipel check` gives (issue #69
// item 1). An editor that shows the first publication (Neovim, a CI bot, a `nvim --headless` script) used to
// show false problems: files opened at start-up were diagnosed while the first scan was still reading the
// workspace (a Terraform module's variables, an Ansible project's group_vars, a chart's values), 9 false problems
// on infra/terraform/main.tf and ansible/post-install.yml of the clean example, retracted a second later.
// Servers of their own: each test counts every publication from the server's start, on a workspace of its own.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * Neovim's own LSP client (`nvim --headless`, Debian's neovim: 0.7's API, kept by 0.8–0.11), on `root` with `open`
 * as tabs: a Lua script records every publishDiagnostics it handles (and hands it to Neovim's handler), until each
 * of `awaited` has had one and the index is ready, then writes them as JSON and quits.
 */
const neovimScript = `
local awaited = vim.fn.json_decode(vim.env.AWAIT)
local published, seen, ready = {}, {}, false
local id = vim.lsp.start_client({
  cmd = { vim.env.NODE, vim.env.SERVER, '--stdio' },
  root_dir = vim.env.ROOT,
  workspace_folders = { { uri = vim.uri_from_fname(vim.env.ROOT), name = 'ws' } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      local file = vim.uri_to_fname(result.uri)
      local items = {}
      for _, d in ipairs(result.diagnostics) do
        table.insert(items, { code = d.code, severity = d.severity, range = { start = { line = d.range.start.line, character = d.range.start.character } } })
      end
      table.insert(published, { file = file, diagnostics = items })
      seen[file] = true
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
    ['archipel/indexStatus'] = function(_, result)
      if result.state == 'ready' then ready = true end
    end,
  },
})
local attached = 0
for _, buf in ipairs(vim.api.nvim_list_bufs()) do
  if vim.api.nvim_buf_get_name(buf) ~= '' and vim.api.nvim_buf_is_loaded(buf) then
    vim.lsp.buf_attach_client(buf, id)
    attached = attached + 1
  end
end
vim.wait(90000, function()
  if not ready then return false end
  for _, file in ipairs(awaited) do if not seen[file] then return false end end
  return true
end, 50)
local shown = {}
for _, buf in ipairs(vim.api.nvim_list_bufs()) do
  shown[vim.api.nvim_buf_get_name(buf)] = #vim.diagnostic.get(buf)
end
vim.fn.writefile({ vim.fn.json_encode({ published = published, shown = shown, attached = attached }) }, vim.env.OUT)
vim.lsp.stop_client(id)
vim.cmd('qa!')
`;

/** What Neovim received and shows, by file relative to `root` (see neovimScript). */
async function recordInNeovim(root: string, open: readonly string[], scratch: string): Promise<Recorded & { shown: Record<string, number> }> {
  const expected = cliAnswer(root, path.join(scratch, 'cli'));
  const awaited = [...new Set([...indexedAmong(root, open), ...expected.keys()])];
  const script = path.join(scratch, 'record.lua');
  const out = path.join(scratch, 'published.json');
  writeFileSync(script, neovimScript);
  const env = { ...process.env, NODE: process.execPath, SERVER: path.join(repoRoot, 'dist', 'server', 'server.js'), ROOT: root, OUT: out, AWAIT: JSON.stringify(awaited.map((f) => path.join(root, f))), ARCHIPEL_CACHE_DIR: path.join(scratch, 'server') };
  // Its own process group: whatever Neovim leaves (the server) goes with it.
  const nvim = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '--cmd', 'set tabpagemax=100', '-p', '-c', `luafile ${script}`, ...open], { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nvim.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve, reject) => {
    nvim.on('error', (error) => reject(new Error(`nvim did not start (${error.message}): the protocol layer installs Debian's neovim (scripts/lib/system-deps.mjs)`)));
    nvim.on('exit', (code) => resolve(code));
  });
  try {
    process.kill(-nvim.pid!, 'SIGKILL');
  } catch {
    // nothing left
  }
  assert.equal(status, 0, `nvim exited ${status}: ${stderr}`);
  const { published, shown, attached } = JSON.parse(readFileSync(out, 'utf8')) as { published: { file: string; diagnostics: Diagnostic[] }[]; shown: Record<string, number>; attached: number };
  assert.equal(attached, open.length, 'every file is a loaded buffer (a tab) Neovim attached to the server');
  const byFile = new Map<string, string[][]>();
  for (const publication of published) {
    const file = path.relative(root, publication.file).split(path.sep).join('/');
    byFile.set(file, [...(byFile.get(file) ?? []), publication.diagnostics.map((d) => key(file, d)).sort()]);
  }
  return { byFile, expected, files: awaited, shown: Object.fromEntries(Object.entries(shown).map(([file, count]) => [path.relative(root, file).split(path.sep).join('/'), count])) };
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

/** Three files of the defects open, two of the files they read, the others closed. */
const open = ['infra/terraform/main.tf', 'ansible/post-install.yml', 'charts/stock-predictor/templates/deployment.yaml', 'charts/stock-predictor/values.yaml', 'kubernetes/deployment.yaml'];

function plant(root: string): void {
  for (const [file, from, to] of planted) {
    const text = readFileSync(path.join(root, file), 'utf8');
    assert.ok(text.includes(from), `${file} still holds the text the defect replaces`);
    writeFileSync(path.join(root, file), text.replace(from, to));
  }
}

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
      plant(copy.root);
      const recorded = await recordStart(copy.root, open, path.join(caches.root, 'planted'));
      // The CLI finds each defect (the chart's twice, and the Argo CD application that renders it): 7 findings in 6 files.
      // The example accepts its continuity gaps by the map's id (#97), which the Service's defect does not change.
      assert.deepEqual(
        [...recorded.expected.values()].flat().map((k) => k.replace(/^(.*?:\d+):\d+ (\S+) \S+$/, '$1 $2')).sort(),
        [
          'ansible/post-install.yml:21 ansible-undefined-variable',
          'charts/stock-predictor/templates/deployment.yaml:40 helm-render',
          'charts/stock-predictor/templates/deployment.yaml:40 helm-undefined-value',
          'infra/terraform/main.tf:6 terraform-undeclared',
          'kubernetes/argocd-application.yaml:40 helm-argocd-values',
          'kubernetes/service.yaml:11 k8s-service-no-match',
          'monitoring/prometheus.yml:13 prom-rule-files',
        ],
      );
      assertFirstIsSettled(recorded);
    } finally {
      copy.remove();
    }
  });

  it('in Neovim headless, its own LSP client: the clean example\'s readers, then the planted copy, the CLI\'s answer first and shown at the end', async () => {
    for (const [name, defects, files] of [['clean', false, readers], ['planted', true, open]] as const) {
      const copy = copyTree(example);
      try {
        if (defects) plant(copy.root);
        const scratch = path.join(caches.root, `nvim-${name}`);
        mkdirSync(scratch, { recursive: true });
        const recorded = await recordInNeovim(copy.root, files, scratch);
        assert.equal([...recorded.expected.values()].flat().length, defects ? 7 : 0, name);
        assertFirstIsSettled(recorded);
        // What Neovim shows for each open buffer at the end is the CLI's count.
        assert.deepEqual(
          Object.fromEntries(files.map((file) => [file, recorded.shown[file]])),
          Object.fromEntries(files.map((file) => [file, recorded.expected.get(file)?.length ?? 0])),
          `${name}: what Neovim shows`,
        );
      } finally {
        copy.remove();
      }
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
