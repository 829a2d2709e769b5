import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/**
 * Files changed on disk in an editor without VS Code's watchers (Neovim, Helix, Emacs: issue #92). The server registers
 * `workspace/didChangeWatchedFiles` on each workspace folder when the client allows dynamic registration and does not
 * watch for it; the events the client then sends update the index and the diagnostics of files no editor has open.
 * VS Code's client (watchesSideFiles) and a client without dynamic registration get no such registration.
 */
const BROKEN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n';
const FIXED = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {}\n';
const schema = (d: readonly Diagnostic[] | undefined) => (d ?? []).filter((x) => x.code === 'k8s-schema');
const WATCHING = { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } };

async function ready(client: TestLspClient): Promise<void> {
  await client.waitFor('index ready', () => client.notifications.filter((n) => n.method === IndexStatusNotification.method).find((n) => (n.params as IndexStatus).state === 'ready'), 60_000);
}

const watcherOf = (client: TestLspClient) => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');

describe('watched files without the client watching (#92)', function () {
  this.timeout(120_000);

  it('registers a watcher on the folder; a file written, changed and deleted on disk then notified updates the diagnostics', async () => {
    const workspace = makeTree({ 'k8s/old.yaml': BROKEN, 'k8s/keep.yaml': FIXED });
    const uri = (name: string) => pathToFileURL(`${workspace.root}/${name}`).href;
    const client = await TestLspClient.startInWorkspace(workspace.root, WATCHING);
    try {
      await ready(client);
      const registration = await client.waitFor('the watcher registered', () => watcherOf(client), 30_000);
      const watchers = (registration.registerOptions as { watchers: { globPattern: { baseUri: string; pattern: string } }[] }).watchers;
      assert.deepEqual(watchers.map((w) => w.globPattern.pattern), ['**/*']);
      assert.equal(watchers[0].globPattern.baseUri, pathToFileURL(workspace.root).href);
      await client.waitFor('old.yaml pushed', () => (schema(client.diagnostics.get(uri('k8s/old.yaml'))?.diagnostics).length === 1 ? true : undefined), 60_000);

      // Created on disk (a checkout), then told as the editor's watcher would: its findings appear.
      writeFileSync(`${workspace.root}/k8s/new.yaml`, BROKEN);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('k8s/new.yaml'), type: 1 }] });
      await client.waitFor('new.yaml pushed', () => (schema(client.diagnostics.get(uri('k8s/new.yaml'))?.diagnostics).length === 1 ? true : undefined), 60_000);

      // Changed on disk: its finding goes.
      writeFileSync(`${workspace.root}/k8s/new.yaml`, FIXED);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('k8s/new.yaml'), type: 2 }] });
      await client.waitFor('new.yaml clean', () => (schema(client.diagnostics.get(uri('k8s/new.yaml'))?.diagnostics).length === 0 ? true : undefined), 60_000);

      // Deleted on disk: its diagnostics are cleared.
      rmSync(`${workspace.root}/k8s/old.yaml`);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('k8s/old.yaml'), type: 3 }] });
      await client.waitFor('old.yaml cleared', () => (client.diagnostics.get(uri('k8s/old.yaml'))?.diagnostics.length === 0 ? true : undefined), 60_000);
    } finally {
      await client.stop();
      workspace.remove();
    }
  });

  it("registers none for VS Code's client (it watches and says so) nor for a client without dynamic registration", async () => {
    const workspace = makeTree({ 'k8s/a.yaml': FIXED });
    for (const [capabilities, options] of [
      [WATCHING, { watchesSideFiles: true }],
      [{ workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } }, undefined],
    ] as const) {
      const client = await TestLspClient.startInWorkspace(workspace.root, capabilities, options);
      try {
        await ready(client);
        // The registrations made on `initialized` are asked before the first scan is ready.
        assert.equal(watcherOf(client), undefined);
      } finally {
        await client.stop();
      }
    }
    workspace.remove();
  });
});
