import assert from 'node:assert/strict';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { cleanDeployment, cleanService } from '../../fixtures/manifests-clean';
import { nygard } from '../../adr';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/**
 * Problems for the whole workspace: the server pushes the diagnostics of files no editor has open,
 * refreshes them when a change elsewhere affects them and withdraws them when the file opens
 * (the "openFiles" scope is covered by the unit test of lsp/closedFiles.ts).
 */
const noMatch = (d: Diagnostic[]) => d.filter((x) => x.code === 'k8s-service-no-match');
const relabel = (text: string) => text.replace('        app: api\n', '        app: api-v2\n').replace('      app: api\n', '      app: api-v2\n');

// A server of its own for each test: what it pushes for closed files comes from its first scan of a workspace holding only this tree.
async function started(root: string): Promise<TestLspClient> {
  const client = TestLspClient.start();
  const folder = pathToFileURL(root).href;
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'ws' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await client.connection.sendNotification('initialized', {});
  await client.waitFor('index ready', () => client.notifications.filter((n) => n.method === IndexStatusNotification.method).find((n) => (n.params as IndexStatus).state === 'ready'));
  return client;
}

describe('diagnostics of closed files', function () {
  this.timeout(120_000);
  const workspace = makeTree({
    'app/deployment.yaml': cleanDeployment,
    'app/service.yaml': cleanService,
    'k8s/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n',
    'docs/adr/0001-record-architecture-decisions.md': nygard(1, 'Record architecture decisions'),
    'docs/adr/README.md': [
      '# Architecture Decision Records',
      '',
      '<!-- archipel:adr-index:start -->',
      '| ADR | Decision | Status | Date |',
      '| --- | --- | --- | --- |',
      '| 0001 | [Record architecture decisions](0001-record-architecture-decisions.md) | Accepted | 2024-01-15 |',
      '<!-- archipel:adr-index:end -->',
      '',
    ].join('\n'),
  });
  const uri = (name: string) => pathToFileURL(`${workspace.root}/${name}`).href;
  after(() => workspace.remove());

  it('are pushed for the whole workspace, refreshed by an edit elsewhere, withdrawn when the file opens', async () => {
    const client = await started(workspace.root);
    try {
      // What `archipel check` reports, without opening anything.
      const broken = await client.waitFor('broken.yaml pushed', () => client.diagnostics.get(uri('k8s/broken.yaml'))?.diagnostics.filter((d) => d.code === 'k8s-schema'));
      assert.ok(broken.length === 1 && String(broken[0].message).includes('datas'));
      const service = uri('app/service.yaml');
      const deployment = uri('app/deployment.yaml');
      client.open(deployment, cleanDeployment, 1);
      client.replace(deployment, relabel(cleanDeployment), 2);
      await client.waitFor('no-match on the closed service', () => (noMatch(client.diagnostics.get(service)?.diagnostics ?? []).length === 1 ? true : undefined));
      client.replace(deployment, cleanDeployment, 3);
      await client.waitFor('no-match gone from the closed service', () => (noMatch(client.diagnostics.get(service)?.diagnostics ?? []).length === 0 ? true : undefined));
      // Opened, the file's own channel takes over: the pushed copy is withdrawn (no duplicate in Problems).
      client.replace(deployment, relabel(cleanDeployment), 4);
      await client.waitFor('no-match again', () => (noMatch(client.diagnostics.get(service)?.diagnostics ?? []).length === 1 ? true : undefined));
      client.open(service, cleanService, 7);
      const own = await client.waitForDiagnostics(service, 7, (d) => noMatch(d).length === 1);
      assert.equal(noMatch(own).length, 1);
    } finally {
      await client.stop();
    }
  });


  it('refresh a closed ADR index when a new ADR appears on disk (as Archipel: New ADR writes it)', async () => {
    const client = await started(workspace.root);
    try {
      const readme = uri('docs/adr/README.md');
      const outdated = () => (client.diagnostics.get(readme)?.diagnostics ?? []).filter((d) => d.code === 'adr-index-outdated');
      await client.waitFor('the index clean at first', () => (client.diagnostics.get(uri('k8s/broken.yaml')) && outdated().length === 0 ? true : undefined));
      writeFileSync(`${workspace.root}/docs/adr/0002-use-kustomize.md`, nygard(2, 'Use kustomize'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('docs/adr/0002-use-kustomize.md'), type: 1 }] });
      await client.waitFor('adr-index-outdated on the closed README', () => (outdated().length === 1 ? true : undefined));
    } finally {
      await client.stop();
    }
  });

  it('withdraw the Problems of a folder deleted or renamed on disk, reported as one event for the folder (microsoft/vscode#109754)', async () => {
    const tree = makeTree({
      'gone/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: g\ndatas: {}\n',
      'gone/deeper/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndatas: {}\n',
      'old/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: o\ndatas: {}\n',
      'kept/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\ndatas: {}\n',
    });
    const at = (name: string) => pathToFileURL(`${tree.root}/${name}`).href;
    const schema = (name: string) => (client.diagnostics.get(at(name))?.diagnostics ?? []).filter((d) => d.code === 'k8s-schema').length;
    const client = await started(tree.root);
    try {
      for (const name of ['gone/broken.yaml', 'gone/deeper/broken.yaml', 'old/broken.yaml', 'kept/broken.yaml']) await client.waitFor(`${name} pushed`, () => (schema(name) === 1 ? true : undefined));
      // rm -r gone; mv old new: the editor sends one event per folder, none for the files in them.
      rmSync(`${tree.root}/gone`, { recursive: true });
      renameSync(`${tree.root}/old`, `${tree.root}/new`);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: at('gone'), type: 3 },
          { uri: at('old'), type: 3 },
          { uri: at('new'), type: 1 },
        ],
      });
      await client.waitFor('Problems of the deleted folder withdrawn', () => (schema('gone/broken.yaml') === 0 && schema('gone/deeper/broken.yaml') === 0 && schema('old/broken.yaml') === 0 ? true : undefined));
      await client.waitFor('the renamed folder read', () => (schema('new/broken.yaml') === 1 ? true : undefined));
      assert.equal(schema('kept/broken.yaml'), 1);
      const files = () => client.notifications.filter((n) => n.method === IndexStatusNotification.method).map((n) => (n.params as IndexStatus).files).at(-1);
      await client.waitFor('the index counts the files left', () => (files() === 2 ? true : undefined));
    } finally {
      await client.stop();
      tree.remove();
    }
  });
});
