import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Diagnostic } from 'vscode-languageserver-types';
import { IndexStatusNotification, WorkflowGraphRequest, type IndexStatus } from '../../../src/protocol';
import { sampleDeployment as manifest } from '../../fixtures/manifests';
import { cleanDeployment, cleanService } from '../../fixtures/manifests-clean';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';


/** The schema rule only: the sample manifest is not meant to pass the hygiene rules. */
const schemaOnly = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'k8s-schema');

function brief(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)}`;
}

describe('language server over stdio', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  const workspace = makeTree({
    'k8s/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n',
    'k8s/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n',
    'node_modules/ignored.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    'app/deployment.yaml': cleanDeployment,
    'app/service.yaml': cleanService,
  });
  const uri = (name: string) => pathToFileURL(`${workspace.root}/${name}`).href;

  // A server of its own: it counts the files and objects its workspace scan found at start.
  before(async () => {
    client = TestLspClient.start();
    const result = await client.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace.root).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace.root).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    assert.ok(result.capabilities.completionProvider);
    assert.equal(result.capabilities.textDocumentSync, 2);
    await client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('indexes the workspace folder at start, skipping node_modules', async () => {
    const status = await client.waitFor('index ready', () => {
      const ready = client.notifications.filter((n) => n.method === IndexStatusNotification.method).map((n) => n.params as IndexStatus);
      return ready.find((s) => s.state === 'ready');
    });
    assert.deepEqual({ files: status.files, objects: status.objects }, { files: 4, objects: 4 });
  });

  it('says how many files are indexed again when files are added or deleted (the status bar)', async () => {
    const statuses = () => client.notifications.filter((n) => n.method === IndexStatusNotification.method).map((n) => n.params as IndexStatus);
    await client.waitFor('index ready', () => statuses().find((s) => s.state === 'ready'));
    const added = `${workspace.root}/k8s/extra.yaml`;
    writeFileSync(added, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    const seen = statuses().length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(added).href, type: 1 }] });
    const after = await client.waitFor('status after the new file', () => statuses().slice(seen).find((s) => s.state === 'ready'));
    assert.deepEqual({ files: after.files, objects: after.objects }, { files: 5, objects: 5 });
    rmSync(added);
    const again = statuses().length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(added).href, type: 3 }] });
    const back = await client.waitFor('status after the deletion', () => statuses().slice(again).find((s) => s.state === 'ready'));
    assert.deepEqual({ files: back.files, objects: back.objects }, { files: 4, objects: 4 });
  });

  it('publishes a misspelt field on its key and clears it when fixed', async () => {
    const doc = uri('k8s/deployment.yaml');
    client.open(doc, manifest.replace('replicas: 2', 'replica: 2'), 1);
    const diagnostics = schemaOnly(await client.waitForDiagnostics(doc, 1));
    assert.deepEqual(diagnostics.map(brief), ['5:2-5:9 k8s-schema']);
    assert.equal(diagnostics[0].source, 'archipel');
    client.replace(doc, manifest, 2);
    assert.deepEqual(schemaOnly(await client.waitForDiagnostics(doc, 2)), []);
    client.close(doc);
  });

  it('updates a cross-file diagnostic when the other file changes, and clears it when reverted', async () => {
    const service = uri('app/service.yaml');
    const deployment = uri('app/deployment.yaml');
    const noMatch = (d: Diagnostic[]) => d.filter((x) => x.code === 'k8s-service-no-match');
    client.open(service, cleanService, 1);
    assert.deepEqual(await client.waitForDiagnostics(service, 1), []);
    client.open(deployment, cleanDeployment, 1);
    client.replace(deployment, cleanDeployment.replace('        app: api\n', '        app: api-v2\n').replace('      app: api\n', '      app: api-v2\n'), 2);
    const [d] = noMatch(await client.waitForDiagnostics(service, 1, (all) => noMatch(all).length === 1));
    // On the selector value that no longer matches (app: api), not on "selector:".
    assert.equal(d.range.start.line, 7);
    client.replace(deployment, cleanDeployment, 3);
    await client.waitForDiagnostics(service, 1, (all) => all.length === 0);
    client.close(deployment);
    client.close(service);
  });

  it('applies incremental edits', async () => {
    const doc = uri('k8s/incremental.yaml');
    client.open(doc, manifest, 1);
    await client.waitForDiagnostics(doc, 1);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: doc, version: 2 },
      contentChanges: [{ range: { start: { line: 5, character: 2 }, end: { line: 5, character: 10 } }, text: 'replics' }],
    });
    assert.deepEqual(schemaOnly(await client.waitForDiagnostics(doc, 2)).map(brief), ['5:2-5:9 k8s-schema']);
    client.close(doc);
  });

  it('answers completion with the keys of the object at the cursor', async () => {
    const doc = uri('k8s/completion.yaml');
    client.open(doc, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  \n', 1);
    const result = await client.connection.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri: doc },
      position: { line: 5, character: 2 },
    });
    const labels = (Array.isArray(result) ? result : result.items).map((i) => i.label);
    assert.ok(labels.includes('replicas') && labels.includes('template'), labels.join(','));
    client.close(doc);
  });

  it('answers pull diagnostics requests', async () => {
    const doc = uri('k8s/pull.yaml');
    client.open(doc, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: [1]\n', 1);
    const report = await client.connection.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: doc } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.items.map(brief), ['3:6-3:9 k8s-schema']);
    client.close(doc);
  });

  it('checks a workflow: an unknown context is published on its exact characters', async () => {
    const doc = uri('.github/workflows/ci.yml');
    const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ githb.sha }}\n';
    client.open(doc, text, 1);
    const diagnostics = await client.waitForDiagnostics(doc, 1);
    assert.deepEqual(diagnostics.map(brief), ['5:22-5:27 gha-unknown-context']);
    client.replace(doc, text.replace('githb', 'github'), 2);
    assert.deepEqual(await client.waitForDiagnostics(doc, 2), []);
    client.close(doc);
  });

  it('completes expression contexts in a workflow and answers archipel/workflowGraph', async () => {
    const doc = uri('.github/workflows/graph.yml');
    const text = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github. }}\n  deploy:\n    needs: test\n    runs-on: ubuntu-latest\n    steps: [{ run: echo }]\n';
    client.open(doc, text, 1);
    const result = await client.connection.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri: doc },
      position: { line: 5, character: 29 },
    });
    const labels = (Array.isArray(result) ? result : result.items).map((i) => i.label);
    assert.ok(labels.includes('ref_name') && labels.includes('sha'), labels.join(','));
    const graph = await client.connection.sendRequest(WorkflowGraphRequest, { uri: doc });
    assert.ok(graph, 'a workflow has a graph');
    assert.equal(graph.mermaid, 'flowchart LR\n  j0["test"]\n  j1["deploy"]\n  j0 --> j1\n');
    assert.equal(await client.connection.sendRequest(WorkflowGraphRequest, { uri: uri('k8s/service.yaml') }), null);
    client.close(doc);
  });

  it('pulls settings per resource and re-checks when they change', async () => {
    const doc = uri('k8s/settings.yaml');
    client.open(doc, manifest.replace('replicas: 2', 'replica: 2'), 1);
    assert.equal(schemaOnly(await client.waitForDiagnostics(doc, 1))[0].severity, 1);
    const severity = () => schemaOnly(client.diagnostics.get(doc)?.diagnostics ?? [])[0]?.severity;
    client.configuration.archipel = { rules: { 'k8s-schema': 'warning' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('warning severity', () => (severity() === 2 ? true : undefined));
    client.configuration.archipel = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('error severity again', () => (severity() === 1 ? true : undefined));
    client.close(doc);
  });
});
