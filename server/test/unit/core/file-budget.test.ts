// One file cannot take the others down (issue #50): a check that throws is that file's
// `internal-error` diagnostic and the other checks run; and the language server answers a request on
// another file between one check of a slow file and the next. No assertion reads a clock: the slow
// checks wait until the clock has moved, and the server's order of answers is what is checked. The
// enforced budget (issue #67) has its own tests: budget.test.ts.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { Diagnostic, Hover } from 'vscode-languageserver-types';
import type { Feature } from '../../../src/features/feature';
import { familyFiles } from '../../../src/families/index';
import { startServer } from '../../../src/lsp/server';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings, type ArchipelSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** Keeps the thread busy until the clock has moved by `ms` (a check slower than the budget, whatever the machine). */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose: a synchronous check that takes time
  }
}

const finding = (code: string) => ({ offset: 0, finding: { start: 0, end: 1, message: code, code } });

function check(features: Feature[], settings: ArchipelSettings = defaultSettings): Diagnostic[] {
  const index = new WorkspaceIndex(indexOptions(settings));
  return diagnoseFile(index.update('file:///w/a.yaml', 'a: 1\n'), features, { index, settings, isCancelled: () => false, roots: [] });
}

describe('one file cannot take the others down (service.ts: each check guarded, a time budget per file)', () => {
  it('a check that throws is one internal-error naming it; the checks after it still run', () => {
    const diagnostics = check([
      { id: 'first', findings: () => [finding('first-rule')] },
      { id: 'broken', findings: () => { throw new RangeError('Maximum call stack size exceeded'); } },
      { id: 'last', findings: () => [finding('last-rule')] },
    ]);
    assert.deepEqual(diagnostics.map((d) => d.code), ['first-rule', 'internal-error', 'last-rule']);
    assert.match(diagnostics[1].message as string, /^The broken checks failed on this file: Maximum call stack size exceeded\./);
    assert.equal(diagnostics[1].severity, 1);
  });

  it('the server answers a hover on another file between two checks of a slow file', async function () {
    this.timeout(120_000);
    const events: string[] = [];
    // Ten checks of the slow file, each busy for a while: the hover asked meanwhile is answered between two of them.
    const slowChecks: Feature[] = Array.from({ length: 10 }, (_, i) => ({
      id: `slow-${i}`,
      findings: (file) => {
        if (!file.uri.endsWith('slow.yaml')) return [];
        events.push(`check ${i}`);
        busy(30);
        return [];
      },
    }));
    const hover: Feature = { id: 'hover', hover: (file) => (events.push(`hover ${file.uri.split('/').pop()}`), { contents: 'quick' }) };
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
      createFeatures: () => [...slowChecks, hover],
      files: (settings) => familyFiles(settings),
      families: [],
      bundleDir: '',
    });
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.listen();
    try {
      await client.sendRequest('initialize', { processId: null, rootUri: null, workspaceFolders: [], capabilities: { textDocument: { diagnostic: {} } } });
      await client.sendNotification('initialized', {});
      for (const name of ['slow.yaml', 'quick.yaml']) await client.sendNotification('textDocument/didOpen', { textDocument: { uri: `file:///w/${name}`, languageId: 'yaml', version: 1, text: 'a: 1\n' } });
      const slow = client.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: 'file:///w/slow.yaml' } }).then((r) => (events.push('slow diagnosed'), r));
      // Asked once the slow file's checks have begun.
      while (!events.includes('check 0')) await new Promise((resolve) => setTimeout(resolve, 5));
      const answer = await client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///w/quick.yaml' }, position: { line: 0, character: 0 } });
      await slow;
      assert.equal(answer?.contents, 'quick');
      const hovered = events.indexOf('hover quick.yaml');
      assert.ok(hovered > events.indexOf('check 0') && hovered < events.indexOf('check 9'), `the hover waited for the slow file: ${events.join(', ')}`);
      assert.equal(events.at(-1), 'slow diagnosed');
    } finally {
      server.dispose();
      client.dispose();
    }
  });
});
