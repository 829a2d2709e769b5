// One language server for the protocol layer: the test files whose assertions concern only their
// own documents share it instead of forking one each (a fork, its start-up and its index scan per
// file). It starts lazily on the first `joinSharedServer()`, on one temporary workspace root;
// every sharing file gets its own sub-folder there (created while mocha loads the files, so the
// server's first scan indexes them all) and its own URIs. `leave()` closes what the file left open,
// resets the configuration answers and takes back any trust granted; a root-level `after` shuts the
// server down and removes the root. Files that need a server of their own (other initialization
// options, a workspace whose whole content they count, a server they kill or restart, environment
// variables) keep `TestLspClient.start…` and say why in a comment.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceTrustNotification } from '../../src/protocol';
import { TestLspClient } from './lspClient';

const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-shared-'));
let started: Promise<TestLspClient> | undefined;
let folders = 0;

/** A sub-folder of the shared workspace holding `files` (relative path → content); call it at describe time. */
export function sharedWorkspace(name: string, files: Record<string, string>): { root: string } {
  const folder = path.join(root, `${++folders}-${name}`);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(folder, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  mkdirSync(folder, { recursive: true }); // also when `files` is empty
  return { root: folder };
}

async function start(): Promise<TestLspClient> {
  // Untrusted, as an editor that says nothing about trust; `joinSharedServer({ trusted: true })` grants it for one file.
  const client = await TestLspClient.startInWorkspace(root, {
    workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
    textDocument: { publishDiagnostics: { versionSupport: true } },
  });
  await client.indexReady();
  return client;
}

/**
 * The shared server, started (and its first scan done) on the first call; `leave()` in the file's
 * `after`. `trusted`: the workspace is trusted until `leave()` (archipel/workspaceTrust).
 */
export async function joinSharedServer(options: { trusted?: boolean } = {}): Promise<{ client: TestLspClient; leave: () => Promise<void> }> {
  started ??= start();
  const client = await started;
  if (options.trusted) await client.connection.sendNotification(WorkspaceTrustNotification, { trusted: true });
  return {
    client,
    leave: async () => {
      client.closeAll();
      client.configuration = {};
      // Untrusted again, whether this file or one of its tests granted trust.
      await client.connection.sendNotification(WorkspaceTrustNotification, { trusted: false });
    },
  };
}

after(async function () {
  this.timeout(120_000);
  if (started) await (await started).stop();
  rmSync(root, { recursive: true, force: true });
});
