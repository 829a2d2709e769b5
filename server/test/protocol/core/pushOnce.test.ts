import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanDeployment } from '../../fixtures/manifests-clean';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/**
 * A push-only client (Neovim, Helix, eglot) gets one publication per version of a document whose
 * diagnostics are settled (issue #68): opening a second document asks for the cross-file refresh of
 * the others (a change in one file can change another's findings) but not of itself, its own push
 * follows the change. Before, the refresh published the just-opened document a second time, the
 * same diagnostics, recomputed.
 */
describe('pushed diagnostics with several documents open', function () {
  this.timeout(60_000);

  it('publish a just-opened document once, and the other documents again when their findings depend on it', async () => {
    const { root, remove } = makeTree({});
    const client = await TestLspClient.startInWorkspace(root, { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { configuration: true } });
    try {
      await client.indexReady();
      const first = pathToFileURL(path.join(root, 'first.yaml')).href;
      const second = pathToFileURL(path.join(root, 'second.yaml')).href;
      const of = (uri: string) => client.published.filter((p) => p.uri === uri);
      client.open(first, cleanDeployment);
      await client.waitFor('the first document published', () => (of(first).length === 1 ? true : undefined));
      const alone = of(first)[0].diagnostics;
      // The same Deployment twice: a cross-file finding in each, so the first document is published again.
      client.open(second, cleanDeployment);
      const again = await client.waitFor('the first document published again', () => of(first)[1]);
      assert.notDeepEqual(again.diagnostics, alone, 'the refresh gives the first document its cross-file finding');
      await client.waitFor('the second document published', () => (of(second).length > 0 ? true : undefined));
      // A sync point after any publication of that refresh: an edit of the first document, pushed after its typing
      // delay, before the refresh this edit asks for (which publishes the second document again, rightly).
      client.replace(first, cleanDeployment, 2);
      await client.waitFor('the first document published at version 2', () => of(first).find((p) => p.version === 2));
      const seconds = of(second);
      assert.equal(seconds.length, 1, `the just-opened document is published once, got ${seconds.length}`);
      assert.equal(seconds[0].version, 1);
      assert.deepEqual(
        seconds[0].diagnostics.map((d) => d.code),
        again.diagnostics.map((d) => d.code),
        'the same cross-file finding in both documents',
      );
    } finally {
      await client.stop();
      remove();
    }
  });
});
