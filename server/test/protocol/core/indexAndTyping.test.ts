import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { cleanDeployment, cleanService, cleanWorkspace } from '../../fixtures/manifests-clean';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/**
 * Two editor behaviours of issue #51, over the protocol. A file's diagnostics wait for the first
 * scan (issue #69: its whole answer; #51 held back RuleInfo.needsIndex's findings only), instead of
 * a false answer corrected later (a Prometheus config opened before the index is built said its
 * rule_files matched no file; firstPublication.test.ts holds the example to it). While a line is half typed, the file's last good version is kept: its other
 * problems stay beside the syntax error, and another file's rules still read it.
 */
const codes = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).map((d) => String(d.code));

describe('diagnostics that need the index, and a half-typed line', function () {
  this.timeout(120_000);

  it('a Prometheus config opened before the scan: nothing until the scan is done, then only the true "matches no file"', async () => {
    const config = 'global:\n  scrape_interval: 15s\nrule_files:\n  - rules/*.yml\n  - missing/*.yml\nscrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ["api:9090"]\n';
    const tree = makeTree({
      'prometheus.yml': config,
      'rules/api.yml': 'groups:\n  - name: api\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n',
    });
    const client = TestLspClient.start();
    try {
      const folder = pathToFileURL(tree.root).href;
      const uri = `${folder}/prometheus.yml`;
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } });
      // Opened before `initialized`: the server has not started to scan the folder, and publishes nothing for it yet (#69).
      client.open(uri, config);
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } });
      assert.ok(hover === null || typeof hover === 'object', 'the server answers requests meanwhile');
      assert.deepEqual(client.published.filter((p) => p.uri === uri), [], 'no publication before the scan');
      await client.connection.sendNotification('initialized', {});
      await client.indexReady();
      // The first publication: only the pattern that really matches nothing.
      const first = await client.waitFor('first diagnostics', () => client.published.find((p) => p.uri === uri));
      assert.deepEqual(first.diagnostics.filter((d) => d.code === 'prom-rule-files').map((d) => d.range.start.line), [4]);
      // Never a publication naming rules/*.yml.
      assert.ok(client.published.filter((p) => p.uri === uri).every((p) => p.diagnostics.every((d) => d.code !== 'prom-rule-files' || d.range.start.line === 4)));
    } finally {
      await client.stop();
      tree.remove();
    }
  });

  it('a half-typed line: the syntax error, the file\'s other problems, and the Service in another file still matching', async () => {
    const deployment = cleanDeployment.replace('          image: ', '          imag: ');
    const tree = makeTree({ ...cleanWorkspace, 'k8s/deployment.yaml': deployment });
    const client = await TestLspClient.startInWorkspace(tree.root);
    try {
      await client.indexReady();
      const deploymentUri = pathToFileURL(`${tree.root}/k8s/deployment.yaml`).href;
      const serviceUri = pathToFileURL(`${tree.root}/k8s/service.yaml`).href;
      client.open(serviceUri, cleanService);
      client.open(deploymentUri, deployment);
      const before = await client.waitForDiagnostics(deploymentUri, 1);
      assert.deepEqual(before.map((d) => `${d.range.start.line} ${String(d.code)}`), ['19 k8s-schema']);
      await client.waitForDiagnostics(serviceUri, 1);
      const servicePublished = client.published.filter((p) => p.uri === serviceUri).length;
      client.replace(deploymentUri, deployment.replace('      containers:\n', '      containers:\n        - name: [x\n'), 2);
      const during = await client.waitForDiagnostics(deploymentUri, 2);
      const found = during.map((d) => `${d.range.start.line} ${String(d.code)}`);
      assert.ok(found.some((d) => d.endsWith('yaml-syntax')), found.join('\n'));
      assert.ok(found.includes('20 k8s-schema'), found.join('\n'));
      // The Service's diagnostics, refreshed after the change, still find the Deployment's pods.
      const service = await client.waitFor('the Service refreshed', () => client.published.filter((p) => p.uri === serviceUri)[servicePublished]);
      assert.deepEqual(codes(service), []);
    } finally {
      client.closeAll();
      await client.stop();
      tree.remove();
    }
  });
});
