// `archipel/securityView` (issue #65) over LSP: the System Map's Security view and the risk
// dashboard's threat matrix read the workspace's derived threats — on the example (its boundaries,
// its entry points, its one threat accepted in its AMDEC) and on the planted stack of our own (every
// risk the CLI raises, the same ids and lines; the red links; its hardened twin with no red link).
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexStatusNotification, SecurityViewRequest, type IndexStatus, type SecurityViewResult } from '../../../src/protocol';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { copyTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

async function viewOf(root: string): Promise<SecurityViewResult> {
  const client = TestLspClient.start();
  try {
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }], capabilities: {} });
    await client.connection.sendNotification('initialized', {});
    await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined));
    return await client.connection.sendRequest(SecurityViewRequest, {});
  } finally {
    await client.stop();
  }
}

const line = (uri: string, zeroBased: number, root: string) => `${path.relative(root, new URL(uri).pathname).split(path.sep).join('/')}:${zeroBased + 1}`;

describe('archipel/securityView: the Security view of the System Map', function () {
  this.timeout(180_000);

  it("the example: its boundaries nested, its entry points, its store classified, its accepted threat shown as such", async () => {
    const workspace = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
    try {
      const view = await viewOf(workspace.root);
      const boundary = (kind: string) => view.boundaries.filter((b) => b.kind === kind);
      assert.deepEqual(boundary('internet').map((b) => b.name), ['Internet']);
      assert.ok(boundary('compose').length >= 1, 'the Compose project');
      const namespace = boundary('namespace').find((b) => b.name === 'stock-prediction');
      assert.ok(namespace?.parent && view.boundaries.some((b) => b.id === namespace.parent && b.kind === 'cluster'), 'the namespace nested in its cluster');
      const api = view.nodes.find((n) => n.id.endsWith(':api') && n.id.startsWith('compose:'));
      assert.ok(api?.entry, 'the published API is an entry point');
      assert.ok(api.boundary && view.boundaries.find((b) => b.id === api.boundary)?.kind === 'compose');
      assert.ok(view.entries.length >= 1 && view.entries.every((e) => view.nodes.some((n) => n.id === e.to)));
      const db = view.nodes.find((n) => n.store);
      assert.ok(db?.store && ['confidential', 'strictly-confidential'].includes(db.store.classification), 'a store with its classification');
      // Every link's ends and every risk's path are nodes of the view.
      const ids = new Set(view.nodes.map((n) => n.id));
      for (const link of view.links) assert.ok(ids.has(link.from) && ids.has(link.to), link.id);
      for (const risk of view.risks) for (const id of risk.path) assert.ok(ids.has(id), id);
      // The example's one threat left (issue #65): the card store's missing per-user key, accepted in
      // governance/risks.amdec.yaml as T-03 (its disks' customer-managed key is read: encrypted, not open).
      const store = view.risks.find((r) => r.rule === 'threat-unencrypted-asset');
      assert.ok(store, JSON.stringify(view.risks.map((r) => r.rule)));
      assert.deepEqual(view.risks.filter((r) => !r.path.some((id) => /:(mlflow|grafana|prometheus|alertmanager)$/.test(id))).map((r) => r.rule), ['threat-unencrypted-communication', 'threat-unencrypted-asset', 'threat-missing-waf'], 'the missing vault is gone with External Secrets, the ingress hops and the walls are read; the API\'s plaintext published port is accepted as T-14');
      assert.deepEqual(view.risks.filter((r) => r.rule === 'threat-unencrypted-communication' && !r.path.some((id) => /:(mlflow|grafana|prometheus|alertmanager)$/.test(id))).map((r) => `${r.path.at(-1)!.split(':').pop()} ${r.tracking?.risk} ${r.tracking?.status} ${r.open}`), ['api T-14 accepted false']);
      // The stack's published consoles (issue #78): each a risk, accepted in the register (T-04 to T-12).
      const consoles = view.risks.filter((r) => r.path.some((id) => /:(mlflow|grafana|prometheus|alertmanager)$/.test(id)));
      assert.deepEqual(consoles.map((r) => `${r.rule} ${r.path.at(-1)!.split(':').pop()} ${r.tracking?.risk} ${r.tracking?.status} ${r.open}`).sort(), [
        'threat-missing-authentication alertmanager T-12 accepted false', 'threat-missing-authentication grafana T-08 accepted false', 'threat-missing-authentication mlflow T-06 accepted false', 'threat-missing-authentication prometheus T-10 accepted false',
        'threat-missing-waf mlflow T-13 accepted false',
        'threat-unencrypted-communication mlflow T-05 accepted false',
        'threat-unguarded-access-from-internet alertmanager T-11 accepted false', 'threat-unguarded-access-from-internet grafana T-07 accepted false', 'threat-unguarded-access-from-internet mlflow T-04 accepted false', 'threat-unguarded-access-from-internet prometheus T-09 accepted false',
      ]);
      assert.equal(store.open, false);
      assert.equal(store.tracking?.status, 'accepted');
      assert.equal(store.tracking?.risk, 'T-03');
      assert.match(store.tracking.source.uri, /risks\.amdec\.yaml$/);
      assert.ok(['unlikely', 'likely', 'very-likely', 'frequent'].includes(store.likelihood) && ['low', 'medium', 'high', 'very-high'].includes(store.impact));
      const transactions = view.nodes.find((n) => n.name === 'fraud-transactions');
      assert.deepEqual([transactions?.store?.classification, transactions?.store?.encrypted], ['strictly-confidential', true]);
      // The line that encrypts it: the StorageClass's Cloud KMS key (0-based line 9 of storageclass.yaml).
      assert.deepEqual(transactions?.store?.encryption?.map((s) => `${s.uri.split('/').pop()}:${s.range.start.line}`), ['storageclass.yaml:9']);
    } finally {
      workspace.remove();
    }
  });

  it('a planted stack: the risks the CLI raises, on the same lines, red links on their paths; the hardened twin has none', async () => {
    const insecure = path.join(fixturesDir, 'threats', 'insecure');
    const view = await viewOf(insecure);
    const { out } = await runCli(['threats', '.', '--format', 'json'], insecure);
    const cli = (JSON.parse(out) as { risks: { rule: string; sources: { file: string; line: number }[] }[] }).risks;
    // The CLI's files are relative to the repository (issue #78): this folder's prefix off.
    const prefix = `${path.relative(repoRoot, insecure).split(path.sep).join('/')}/`;
    for (const risk of cli) for (const s of risk.sources) assert.ok(s.file.startsWith(prefix), s.file);
    const open = view.risks.filter((r) => r.open);
    assert.deepEqual(open.map((r) => `${r.rule} ${r.sources.map((s) => line(s.uri, s.range.start.line, insecure)).join(',')}`).sort(), cli.map((r) => `${r.rule} ${r.sources.map((s) => `${s.file.slice(prefix.length)}:${s.line}`).join(',')}`).sort());
    for (const risk of view.risks) {
      assert.ok(risk.stride && risk.severity && risk.likelihood && risk.impact && risk.title && risk.id.startsWith(risk.rule.slice('threat-'.length)), JSON.stringify(risk));
    }
    // The plaintext call to the database: red, and on the path of its unencrypted-communication risk.
    const plaintext = view.risks.find((r) => r.rule === 'threat-unencrypted-communication' && r.sources.some((s) => line(s.uri, s.range.start.line, insecure) === 'compose.yaml:7'));
    assert.ok(plaintext && plaintext.links.length > 0, JSON.stringify(plaintext));
    for (const id of plaintext.links) {
      const link = view.links.find((l) => l.id === id);
      assert.ok(link, id);
      assert.ok(link.risks.includes(plaintext.id));
    }
    assert.ok(view.links.some((l) => l.risky && !l.tls), 'a plaintext link drawn red');

    const hardened = await viewOf(path.join(fixturesDir, 'threats', 'hardened'));
    assert.deepEqual(hardened.links.filter((l) => l.kind === 'call' && l.risky).map((l) => l.id), [], 'no plaintext call, none without credentials');
    assert.deepEqual(hardened.risks.filter((r) => r.open && r.severity !== 'low').map((r) => r.rule), []);
  });
});
