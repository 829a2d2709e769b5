import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, InlayHint } from 'vscode-languageserver-types';
import {
  AmdecModelRequest,
  IndexStatusNotification,
  RaciModelRequest,
  type IndexStatus,
} from '../../../src/protocol';
import { amdecText, raciText } from '../../fixtures/governance';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

const codes = (d: Diagnostic[] | undefined) => (d ?? []).map((x) => String(x.code));

/**
 * The cross-file owner rule through the server: an AMDEC file's diagnostics follow its linked RACI
 * whether the RACI is open in the editor or only on disk; plus the dashboard model requests.
 */
describe('governance files over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  // The open action is due 2026-09-30; push it far out so the real clock cannot make it overdue.
  const amdec = amdecText.replace('due: 2026-09-30', 'due: 2999-12-31');
  // The shared server: the RACI and the AMDEC sit in this file's own folder of the shared workspace.
  const workspace = sharedWorkspace('governance', { 'governance/governance.raci.yaml': raciText, 'governance/risks.amdec.yaml': amdec });
  const raciPath = path.join(workspace.root, 'governance', 'governance.raci.yaml');
  const raciUri = pathToFileURL(raciPath).href;
  const amdecUri = pathToFileURL(path.join(workspace.root, 'governance', 'risks.amdec.yaml')).href;
  const renamed = raciText.replace(/\bsteward\b/g, 'data-steward');

  /** Waits until the AMDEC file's latest published diagnostics have exactly these codes. */
  const amdecCodes = (expected: string[]) =>
    client.waitFor(`AMDEC diagnostics ${expected.join(',') || '(none)'}`, () => {
      const published = client.diagnostics.get(amdecUri)?.diagnostics;
      return published && JSON.stringify(codes(published)) === JSON.stringify(expected) ? published : undefined;
    });

  before(async () => {
    ({ client, leave } = await joinSharedServer());
    await client.waitFor('index ready', () =>
      client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined,
    );
  });

  after(() => leave());

  it('updates the AMDEC diagnostics when the open RACI is edited', async () => {
    client.open(raciUri, raciText, 1);
    client.open(amdecUri, amdec, 1);
    await amdecCodes([]);
    client.replace(raciUri, renamed, 2);
    const [diagnostic] = await amdecCodes(['amdec-unknown-owner']);
    assert.equal(diagnostic.message, 'owner "steward" is not a role of governance.raci.yaml. Did you mean "data-steward"?');
    assert.deepEqual(diagnostic.range, { start: { line: 17, character: 66 }, end: { line: 17, character: 73 } });
    client.replace(raciUri, raciText, 3);
    await amdecCodes([]);
    client.close(raciUri);
  });

  it('updates the AMDEC diagnostics when the RACI changes on disk, not open', async () => {
    await amdecCodes([]);
    writeFileSync(raciPath, renamed);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: raciUri, type: 2 }] });
    await amdecCodes(['amdec-unknown-owner']);
    writeFileSync(raciPath, raciText);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: raciUri, type: 2 }] });
    await amdecCodes([]);
    // Deleting the RACI: the link no longer resolves.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: raciUri, type: 3 }] });
    await amdecCodes(['amdec-raci-not-found']);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: raciUri, type: 1 }] });
    await amdecCodes([]);
  });

  it('answers inlay hints and the stored-score quick fix', async () => {
    const hints = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: amdecUri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    assert.deepEqual(hints.map((h) => h.label), ['RPN 210', 'RPN 96', '→ RPN 32 (was 96)']);
    client.replace(amdecUri, amdec.replace('rpn: 210', 'rpn: 200'), 2);
    const [diagnostic] = await amdecCodes(['amdec-stored-score']);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: amdecUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.edit?.changes?.[amdecUri]?.[0].newText]), [['Set rpn to 210', '210']]);
    client.replace(amdecUri, amdec, 3);
    await amdecCodes([]);
  });

  it('serves the dashboard models: archipel/raciModel and archipel/amdecModel', async () => {
    const raci = await client.connection.sendRequest(RaciModelRequest, { uri: raciUri });
    assert.ok(raci);
    assert.deepEqual(raci.roles.map((r) => r.id), ['cdo', 'steward', 'dpo', 'marketing']);
    assert.deepEqual(raci.activities.map((a) => a.id), ['GOV-01', 'GOV-02', 'GOV-03', 'GOV-04']);
    assert.deepEqual(raci.activities[0].cells[0].range, { start: { line: 12, character: 16 }, end: { line: 12, character: 17 } });
    const risks = await client.connection.sendRequest(AmdecModelRequest, { uri: amdecUri });
    assert.ok(risks);
    assert.equal(risks.raci, raciUri);
    assert.deepEqual(risks.risks.map((r) => [r.id, r.score?.product, r.revised?.product]), [['R-01', 210, undefined], ['R-02', 96, 32]]);
    assert.deepEqual(risks.risks[0].actions.map((a) => [a.owner, a.ownerName, a.overdue]), [['steward', 'Data steward', false]]);
    assert.deepEqual(raci.problems, []);
    assert.deepEqual(risks.problems, []);
    // The models carry the file's diagnostics, computed on the editor's text.
    client.open(raciUri, raciText.replace('{cdo: A, steward: R, dpo: C, marketing: I}', '{cdo: R, steward: R, dpo: C, marketing: I}'), 1);
    const edited = await client.connection.sendRequest(RaciModelRequest, { uri: raciUri });
    assert.deepEqual(edited?.problems.map((p) => [p.code, p.severity, p.range.start.line]), [['raci-one-accountable', 'error', 9]]);
    client.close(raciUri);
    assert.equal(await client.connection.sendRequest(AmdecModelRequest, { uri: raciUri }), null);
    assert.equal(await client.connection.sendRequest(RaciModelRequest, { uri: pathToFileURL(path.join(workspace.root, 'nothing.yaml')).href }), null);
  });
});
