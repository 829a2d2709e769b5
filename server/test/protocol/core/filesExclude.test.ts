import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/**
 * archipel.yaml's `files.exclude` read by the editor as `archipel check` reads it (#92: one rule, platform/opening.ts and
 * platform/scan.ts excludeMatcher). The CLI left the excluded folder out and the server indexed and diagnosed it. The
 * excluded folder holds the same broken manifest as the kept one: what is said of one and not of the other is the exclude's.
 */
const BROKEN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n';
const schema = (d: readonly Diagnostic[] | undefined) => (d ?? []).filter((x) => x.code === 'k8s-schema');
const CAPABILITIES = { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true }, diagnostic: {} } };

describe("archipel.yaml's files.exclude in the editor, as in check (#92)", function () {
  this.timeout(120_000);

  it('an excluded file gets no diagnostics, closed, created on disk or open; the kept one gets what check says', async () => {
    const workspace = makeTree({ 'archipel.yaml': 'files:\n  exclude:\n    - generated\n', 'k8s/broken.yaml': BROKEN, 'generated/broken.yaml': BROKEN });
    const uri = (name: string) => pathToFileURL(path.join(workspace.root, name)).href;
    const client = await TestLspClient.startInWorkspace(workspace.root, CAPABILITIES);
    try {
      // What check says of the folder: the kept copy's finding only.
      const env = { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off', HOME: workspace.root };
      const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'server', 'cli.js'), 'check', '--format', 'json', '.'], { cwd: workspace.root, env, encoding: 'utf8' });
      assert.ok(run.status === 0 || run.status === 1, run.stderr);
      const checked = (JSON.parse(run.stdout) as { file: string; code: string }[]).filter((p) => p.code === 'k8s-schema').map((p) => p.file);
      assert.deepEqual(checked, [path.join('k8s', 'broken.yaml')]);

      // The server, the closed files pushed after its first scan: the same.
      await client.indexReady();
      await client.waitFor('k8s/broken.yaml pushed', () => (schema(client.diagnostics.get(uri('k8s/broken.yaml'))?.diagnostics).length === 1 ? true : undefined), 60_000);
      // A file created on disk in each folder, told as an editor's watcher tells it: the kept one is read, the excluded one not.
      writeFileSync(path.join(workspace.root, 'generated', 'new.yaml'), BROKEN);
      writeFileSync(path.join(workspace.root, 'k8s', 'new.yaml'), BROKEN);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('generated/new.yaml'), type: 1 }, { uri: uri('k8s/new.yaml'), type: 1 }] });
      await client.waitFor('k8s/new.yaml pushed', () => (schema(client.diagnostics.get(uri('k8s/new.yaml'))?.diagnostics).length === 1 ? true : undefined), 60_000);
      const pushed = new Set(client.published.filter((p) => p.diagnostics.length > 0).map((p) => path.relative(workspace.root, new URL(p.uri).pathname)));
      assert.deepEqual([...pushed].sort(), [path.join('k8s', 'broken.yaml'), path.join('k8s', 'new.yaml')]);

      // Open, and asked: nothing of the excluded file, the kept one's finding as before.
      client.open(uri('generated/broken.yaml'), BROKEN);
      client.open(uri('k8s/broken.yaml'), BROKEN);
      const ask = (name: string) => client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uri(name) } });
      assert.deepEqual((await ask('generated/broken.yaml')).items, []);
      assert.equal(schema((await ask('k8s/broken.yaml')).items).length, 1);
    } finally {
      await client.stop();
      workspace.remove();
    }
  });
});
