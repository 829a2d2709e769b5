// The idle work after the first scan (Feature.warm, Session.warmFeatures; #84, perf84u): in a workspace holding
// Kubernetes manifests, the validators of their kinds are loaded before the index says it is ready, so that the
// first open does not; without a manifest, or without a workspace folder, nothing is.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { IndexStatusNotification } from '../../../src/protocol';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 2\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: { app: web }\n  ports:\n    - port: 80\n';

/** The server's log lines and notifications' methods, in order, until the index is ready. */
async function start(root: string | undefined): Promise<{ client: TestLspClient; seen: string[] }> {
  const client = TestLspClient.start();
  const folder = root === undefined ? null : pathToFileURL(root).href;
  await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: folder ? [{ uri: folder, name: 'ws' }] : null, capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: {} } } });
  await client.connection.sendNotification('initialized', {});
  await client.waitFor('index ready', () => client.notifications.find((n) => n.method === IndexStatusNotification.method && (n.params as { state?: string }).state === 'ready'), 100_000);
  const seen = client.notifications.map((n) => (n.method === 'window/logMessage' ? (n.params as { message: string }).message.replace(/^\[[^\]]*\] /, '').replace(/ in [\d.]+ ms$/, ' in … ms') : n.method));
  return { client, seen };
}

describe('the idle work after the first scan (#84)', function () {
  this.timeout(180_000);
  const manifests = makeTree({ 'k8s/web.yaml': `${deployment}---\n${service}`, 'k8s/more/svc.yaml': service, 'README.md': '# web\n' });
  const none = makeTree({ 'values.yaml': 'replicas: 3\n', 'README.md': '# none\n' });
  after(() => {
    manifests.remove();
    none.remove();
  });

  it('a workspace with manifests: its kinds\' validators loaded before the index is ready; the first open\'s findings unchanged', async function () {
    const { client, seen } = await start(manifests.root);
    try {
      const idle = seen.indexOf("idle: 3 step(s) of the features' first work done in … ms");
      assert.ok(idle !== -1, seen.join('\n'));
      assert.equal(seen.indexOf(IndexStatusNotification.method, idle), seen.lastIndexOf(IndexStatusNotification.method), 'ready comes after the idle work');
      const uri = pathToFileURL(`${manifests.root}/k8s/web.yaml`).href;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: `${deployment}---\n${service}` } });
      const report = await client.connection.sendRequest<{ items: { code: string; message: string }[] }>('textDocument/diagnostic', { textDocument: { uri } });
      const schema = report.items.filter((d) => d.code === 'k8s-schema').map((d) => d.message);
      assert.deepEqual(schema, ['Unknown field "replica" in DeploymentSpec (spec). Did you mean "replicas"?']);
    } finally {
      await client.stop();
    }
  });

  it('a workspace without a manifest, or no workspace folder: no idle work', async function () {
    for (const root of [none.root, undefined]) {
      const { client, seen } = await start(root);
      try {
        assert.deepEqual(
          seen.filter((line) => line.startsWith('idle:')),
          [],
        );
      } finally {
        await client.stop();
      }
    }
  });
});
