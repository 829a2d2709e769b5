import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { cleanDeployment, cleanService } from '../../fixtures/manifests-clean';
import { IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

// Servers of their own: the file limit is read at the first scan and the index counted; the second suite sets ARCHIPEL_SUMMARY_THRESHOLD.
/** archipel.files.maxFiles: past it, the index says how many files it left out (the status bar and the log). */
describe('the index file limit', function () {
  this.timeout(120_000);
  const workspace = makeTree(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k8s/cm-${i}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {a: "1"}\n`])));
  after(() => workspace.remove());

  it('is a setting, and reaching it is said with the number of files left out', async () => {
    const client = TestLspClient.start();
    client.configuration.archipel = { files: { maxFiles: 4 } };
    try {
      const folder = pathToFileURL(workspace.root).href;
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
      await client.connection.sendNotification('initialized', {});
      const status = await client.waitFor('index ready', () => client.notifications.filter((n) => n.method === IndexStatusNotification.method).map((n) => n.params as IndexStatus).find((s) => s.state === 'ready'));
      assert.equal(status.files, 4);
      assert.equal(status.leftOut, 2);
      assert.equal(status.objects, 4);
      const log = await client.waitFor('the log says it', () => client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message).find((m) => /2 file\(s\) left out/.test(m)));
      assert.match(log, /archipel\.files\.maxFiles/);
    } finally {
      await client.stop();
    }
  });
});

/** A large workspace's closed manifests are summaries in the index (forced here on a small one): diagnostics as before. */
describe('closed files indexed as summaries', function () {
  this.timeout(120_000);
  const workspace = makeTree({
    'app/deployment.yaml': cleanDeployment,
    'app/service.yaml': cleanService,
    'k8s/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n',
  });
  after(() => workspace.remove());
  const uri = (name: string) => pathToFileURL(`${workspace.root}/${name}`).href;
  const noMatch = (d: Diagnostic[]) => d.filter((x) => x.code === 'k8s-service-no-match');

  it('publishes their diagnostics, read again from disk, and refreshes them after an edit elsewhere', async () => {
    const client = TestLspClient.start({ ARCHIPEL_SUMMARY_THRESHOLD: '0' });
    try {
      const folder = pathToFileURL(workspace.root).href;
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } } });
      await client.connection.sendNotification('initialized', {});
      const broken = await client.waitFor('broken.yaml pushed', () => client.diagnostics.get(uri('k8s/broken.yaml'))?.diagnostics.filter((d) => d.code === 'k8s-schema'));
      assert.ok(broken.length === 1 && String(broken[0].message).includes('datas'));
      const deployment = uri('app/deployment.yaml');
      client.open(deployment, cleanDeployment, 1);
      client.replace(deployment, cleanDeployment.replace('        app: api\n', '        app: api-v2\n').replace('      app: api\n', '      app: api-v2\n'), 2);
      await client.waitFor('no-match on the closed service', () => (noMatch(client.diagnostics.get(uri('app/service.yaml'))?.diagnostics ?? []).length === 1 ? true : undefined));
    } finally {
      await client.stop();
    }
  });
});
