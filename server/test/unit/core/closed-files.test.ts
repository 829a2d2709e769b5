import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ClosedFileDiagnostics, type ClosedFileHost } from '../../../src/lsp/closedFiles';

const finding = (message: string): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message, source: 'archipel', code: 'k8s-schema' });

/** A workspace of files with given diagnostics, some open; records what is sent. */
function host(files: Record<string, Diagnostic[]>, open: Set<string> = new Set(), scope = { enabled: true }) {
  const sent: [string, string[]][] = [];
  const diagnosed: string[] = [];
  const h: ClosedFileHost = {
    files: () => Object.keys(files),
    isOpen: (uri) => open.has(uri),
    diagnose: async (uri) => {
      diagnosed.push(uri);
      return files[uri] ?? [];
    },
    send: (uri, diagnostics) => sent.push([uri, diagnostics.map((d) => String(d.message))]),
    enabled: async () => scope.enabled,
  };
  return { h, sent, diagnosed };
}

describe('diagnostics of closed files (lsp/closedFiles.ts)', () => {
  it('pushes every closed file with findings, once, and skips open files', async () => {
    const files = { 'file:///a.yaml': [finding('a')], 'file:///b.yaml': [], 'file:///open.yaml': [finding('o')] };
    const { h, sent, diagnosed } = host(files, new Set(['file:///open.yaml']));
    const closed = new ClosedFileDiagnostics(h);
    await closed.refresh();
    assert.deepEqual(sent, [['file:///a.yaml', ['a']]]);
    assert.deepEqual(diagnosed, ['file:///a.yaml', 'file:///b.yaml']);
    await closed.refresh();
    assert.equal(sent.length, 1, 'unchanged results are not sent again');
  });

  it('sends the change when a finding appears or goes, and withdraws a file that opens or leaves the index', async () => {
    const files: Record<string, Diagnostic[]> = { 'file:///svc.yaml': [], 'file:///gone.yaml': [finding('g')] };
    const open = new Set<string>();
    const { h, sent } = host(files, open);
    const closed = new ClosedFileDiagnostics(h);
    await closed.refresh();
    files['file:///svc.yaml'] = [finding('no match')];
    delete files['file:///gone.yaml'];
    await closed.refresh();
    assert.deepEqual(sent.slice(1), [['file:///svc.yaml', ['no match']], ['file:///gone.yaml', []]]);
    open.add('file:///svc.yaml');
    closed.opened('file:///svc.yaml');
    assert.deepEqual(sent.at(-1), ['file:///svc.yaml', []]);
    closed.opened('file:///svc.yaml');
    assert.equal(sent.length, 4, 'nothing to withdraw twice');
  });

  it('with the "openFiles" scope, pushes nothing and withdraws what it had pushed', async () => {
    const scope = { enabled: true };
    const { h, sent } = host({ 'file:///a.yaml': [finding('a')] }, new Set(), scope);
    const closed = new ClosedFileDiagnostics(h);
    await closed.refresh();
    scope.enabled = false;
    await closed.refresh();
    await closed.refresh();
    assert.deepEqual(sent, [['file:///a.yaml', ['a']], ['file:///a.yaml', []]]);
  });

  it('a newer refresh supersedes one in progress', async () => {
    const files = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`file:///f${i}.yaml`, [finding(String(i))]]));
    const { h, sent } = host(files);
    const closed = new ClosedFileDiagnostics(h);
    const first = closed.refresh();
    const second = closed.refresh();
    await Promise.all([first, second]);
    assert.equal(sent.length, 50, 'each file sent once');
  });
});
