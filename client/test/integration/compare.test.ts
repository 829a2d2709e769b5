// "Archipel: Compare with…" in a real VS Code (issue #80): a scratch repository in the test workspace (git
// with its own identity and dates, no user configuration), compared with its tag `v1` while the working tree
// removes the web front and adds a worker; each line of the comparison opens in the editor — the working tree's
// file for the head, a read-only document of the file at the base revision for the base — and a file outside
// the workspace is refused (and any panel's `reveal` of a file outside it, a link out of it or another scheme); the Security view's Changes count the risks the server's answer raised and
// resolved. The refs offered: git's own listing (the fallback when VS Code's Git extension is absent) on the
// scratch repository, and the Git API's path on a fake API object.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiffResult } from '../../../server/src/protocol/diff';
import { refChoices } from '../../src/commands/compare';
import { choicesFromGit, choicesFromGitApi, gitState, type GitRepositoryLike } from '../../src/commands/compareRefs';
import { archipelApi, whenRendered } from './panels';
import { workspaceFile } from './wait';

const BASE = `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    depends_on:
      - api
  api:
    image: node:22
`;
const HEAD = `services:
  api:
    image: node:22
  worker:
    image: python:3.12
    depends_on:
      - api
`;

/** git in `cwd` with an identity, dates and no configuration of the user's. */
function git(cwd: string, args: string[], date = '2026-01-01T00:00:00Z'): string {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  return execFileSync('git', ['-c', 'user.name=Archipel Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, env, encoding: 'utf8' }).trim();
}

/** The active editor once it shows `uri` (polled with a deadline, never a fixed sleep). */
async function editorOn(uri: string, timeoutMs = 30_000): Promise<vscode.TextEditor> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.toString() === uri) return editor;
    if (Date.now() > deadline) throw new Error(`no editor on ${uri} within ${timeoutMs} ms; active: ${editor?.document.uri.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Compare with… (issue #80)', () => {
  const folder = workspaceFile('compare-repo');
  let commits: { first: string; second: string };

  before(async () => {
    await vscode.workspace.fs.createDirectory(folder);
    const cwd = folder.fsPath;
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'compose.yaml'), Buffer.from(BASE));
    git(cwd, ['init', '-q', '-b', 'main']);
    git(cwd, ['add', 'compose.yaml']);
    git(cwd, ['commit', '-q', '-m', 'Web and api'], '2026-01-01T00:00:00Z');
    git(cwd, ['tag', 'v1']);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'README.md'), Buffer.from('# Shop\n'));
    git(cwd, ['add', 'README.md']);
    git(cwd, ['commit', '-q', '-m', 'Readme'], '2026-01-02T00:00:00Z');
    commits = { first: git(cwd, ['rev-parse', 'v1']), second: git(cwd, ['rev-parse', 'HEAD']) };
    // The working tree: the web front removed, a worker added (not committed).
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'compose.yaml'), Buffer.from(HEAD));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  it('offers the branches, the tags and the last commits from git itself when the Git extension is not there', async () => {
    assert.deepEqual(await choicesFromGit(folder.fsPath), [
      { label: 'main', ref: 'main' },
      { label: 'v1', ref: 'v1' },
      { label: commits.second.slice(0, 7), description: 'Readme', ref: commits.second },
      { label: commits.first.slice(0, 7), description: 'Web and api', ref: commits.first },
    ]);
  });

  it("the command's list: the Git extension's when it knows the repository, else git's — the same choices", async () => {
    assert.deepEqual(await refChoices(folder), await choicesFromGit(folder.fsPath));
  });

  it('says why a folder offers nothing to compare with: no Git repository, or no commit yet (#98)', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'archipel-no-git-'));
    try {
      assert.deepEqual(await choicesFromGit(outside), []);
      assert.equal(await gitState(outside), 'none');
      git(outside, ['init', '-q', '-b', 'main']);
      assert.equal(await gitState(outside), 'empty');
      assert.equal(await gitState(folder.fsPath), 'ok');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("offers the Git API's refs and log (a fake of VS Code's Git extension)", async () => {
    const asked: unknown[] = [];
    const log = (options: { maxEntries: number }) => {
      asked.push(options);
      return Promise.resolve([{ hash: 'a'.repeat(40), message: 'Add the worker\n\nIts queue.' }]);
    };
    const refs = [{ type: 0, name: 'main' }, { type: 1, name: 'origin/main', remote: 'origin' }, { type: 2, name: 'v1' }, { type: 0 }];
    const withGetRefs: GitRepositoryLike = {
      state: { refs: [] },
      getRefs: (query) => {
        asked.push(query);
        return Promise.resolve(refs);
      },
      log,
    };
    const expected = [
      { label: 'main', ref: 'main' },
      { label: 'v1', ref: 'v1' },
      { label: 'aaaaaaa', description: 'Add the worker', ref: 'a'.repeat(40) },
    ];
    assert.deepEqual(await choicesFromGitApi(withGetRefs), expected);
    assert.deepEqual(asked, [{ sort: 'committerdate', pattern: ['refs/heads', 'refs/tags'], count: 200 }, { maxEntries: 30 }]);
    // An older API: `state.refs`.
    assert.deepEqual(await choicesFromGitApi({ state: { refs }, log }), expected);
  });

  it('opens the lines of the comparison: the head in the working tree, the base at its revision, nothing outside the workspace', async function () {
    this.timeout(180_000);
    const api = await archipelApi();
    const scope = folder.toString();
    const diff = (await api.client.languageClient!.sendRequest('archipel/diff', { base: 'v1', scope })) as DiffResult;
    assert.deepEqual([diff.base.commit, diff.head.commit], [commits.first, null]);
    const web = diff.components.removed.find((c) => c.name === 'web');
    const worker = diff.components.added.find((c) => c.name === 'worker');
    assert.deepEqual(web?.sources, [{ file: 'compose.yaml', line: 2 }]);
    assert.deepEqual(worker?.sources, [{ file: 'compose.yaml', line: 4 }]);
    const count = diff.components.added.length + diff.components.removed.length + diff.components.changed.length + diff.connections.added.length + diff.connections.removed.length;
    await whenRendered('archipel.systemMap', (s) => s.differences === count, () => vscode.commands.executeCommand('archipel.compareWith', { base: 'v1', scope }), 120_000);

    // An added component: the working tree's file, at its line.
    assert.ok(api.panels.deliver('archipel.systemMap', { type: 'openChange', side: 'head', file: 'compose.yaml', line: 4 }));
    const head = await editorOn(vscode.Uri.joinPath(folder, 'compose.yaml').toString());
    assert.equal(head.selection.active.line, 3);
    assert.equal(head.document.lineAt(3).text, '  worker:');

    // A removed one: the file at the base revision, read-only, at its line.
    const atBase = vscode.Uri.joinPath(folder, 'compose.yaml').with({ scheme: 'archipel-rev', query: commits.first });
    assert.ok(api.panels.deliver('archipel.systemMap', { type: 'openChange', side: 'base', file: 'compose.yaml', line: 2 }));
    const base = await editorOn(atBase.toString());
    assert.equal(base.document.getText(), BASE);
    assert.equal(base.selection.active.line, 1);
    assert.equal(base.document.lineAt(1).text, '  web:');
    // Its tab titled with its revision, not like the working file's (#98).
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === atBase.toString());
    assert.equal(tab?.label, `compose.yaml @ ${commits.first.slice(0, 7)}`);

    // Outside the workspace, or not a path of the repository: refused (nothing opens); the next line still opens.
    for (const file of ['../outside.yaml', '/etc/passwd', 'a/../../b.yaml']) assert.ok(api.panels.deliver('archipel.systemMap', { type: 'openChange', side: 'head', file, line: 1 }));
    assert.ok(api.panels.deliver('archipel.systemMap', { type: 'openChange', side: 'head', file: 'README.md', line: 1 }));
    await editorOn(vscode.Uri.joinPath(folder, 'README.md').toString());
    const opened = vscode.workspace.textDocuments.map((d) => d.uri.path);
    assert.ok(!opened.some((p) => p.endsWith('/outside.yaml') || p === '/etc/passwd' || p.endsWith('/b.yaml')), opened.join(', '));

    // Any panel's `reveal`: a file outside the workspace, a link out of it or another scheme is refused; a file inside opens.
    symlinkSync('/etc/hostname', path.join(folder.fsPath, 'linked-out'));
    const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    for (const uri of ['file:///etc/passwd', vscode.Uri.joinPath(folder, 'linked-out').toString(), 'untitled:Untitled-9', 'archipel-other:/x']) {
      assert.ok(api.panels.deliver('archipel.systemMap', { type: 'reveal', uri, range: at }));
    }
    assert.ok(api.panels.deliver('archipel.systemMap', { type: 'reveal', uri: vscode.Uri.joinPath(folder, 'compose.yaml').toString(), range: at }));
    await editorOn(vscode.Uri.joinPath(folder, 'compose.yaml').toString());
    const revealed = vscode.workspace.textDocuments.map((d) => d.uri.toString());
    assert.ok(!revealed.some((u) => u === 'file:///etc/passwd' || u.endsWith('/linked-out') || u.startsWith('untitled:') || u.startsWith('archipel-other:')), revealed.join(', '));

    // The Security view keeps the comparison: its Changes are the answer's risks raised and resolved.
    const security = await whenRendered('archipel.systemMap', (s) => s.view === 'security' && s.raised === diff.threats.raised.length && s.resolved === diff.threats.resolved.length, () => vscode.commands.executeCommand('archipel.showSecurityView', scope), 120_000);
    assert.ok(Number(security.summary.resolved) > 0, 'removing the published web front resolves its risks');
  });
});
