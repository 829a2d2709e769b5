import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ClosedFileDiagnostics, type ClosedFileHost } from '../../../src/lsp/closedFiles';

const finding = (message: string): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message, source: 'archipel', code: 'terraform-undeclared' });

/**
 * Closed files during the server's first scan (#69): their answer may read files the index does not hold yet (a
 * module's variables.tf), so nothing is diagnosed or sent until the scan is done; the refresh that ends it sends
 * each file's settled answer, once.
 */
describe('diagnostics of closed files before the first scan is done (lsp/closedFiles.ts)', () => {
  it('diagnoses and sends nothing while the index is not ready, then the settled answer once', async () => {
    const scan = { done: false };
    // What each file says depends on the index: before the scan, main.tf would report what variables.tf declares.
    const answer = (uri: string) => (uri === 'file:///main.tf' ? (scan.done ? [finding('var.regoin')] : [finding('var.region'), finding('var.regoin')]) : []);
    const sent: [string, string[]][] = [];
    const diagnosed: string[] = [];
    const host: ClosedFileHost = {
      files: () => ['file:///main.tf', 'file:///variables.tf'],
      isOpen: () => false,
      diagnose: async (uri) => {
        diagnosed.push(uri);
        return answer(uri);
      },
      send: (uri, diagnostics) => sent.push([uri, diagnostics.map((d) => String(d.message))]),
      enabled: async () => true,
      ready: () => scan.done,
    };
    const closed = new ClosedFileDiagnostics(host);
    await closed.refresh();
    assert.deepEqual([diagnosed, sent], [[], []], 'nothing during the scan');
    scan.done = true;
    await closed.refresh();
    assert.deepEqual(sent, [['file:///main.tf', ['var.regoin']]]);
    assert.deepEqual(diagnosed, ['file:///main.tf', 'file:///variables.tf']);
  });
});
