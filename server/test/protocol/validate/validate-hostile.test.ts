// Issue #37: the hostile corpus (server/test/hostileValidate.ts) through the server's
// archipel/validate request, the workspace untrusted (validation works there): no file created
// anywhere, nothing outside the workspace folder read, legitimate values validated as themselves.
// A server of its own: its one workspace folder is the corpus's `ws`, so that the files beside it
// are outside (the shared server's root would hold them).
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidateRequest } from '../../../src/protocol/validate';
import { listing, SQL_BROKEN, writeHostileCorpus } from '../../hostileValidate';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

describe('archipel/validate on hostile suites and file names (#37)', function () {
  this.timeout(180_000);
  const tree = makeTree({});
  const { ws, cases } = writeHostileCorpus(tree.root);
  const initial = listing(tree.root);
  let client: TestLspClient;

  before(async () => {
    client = await TestLspClient.startInWorkspace(ws);
  });

  after(async () => {
    await client.stop();
    tree.remove();
  });

  for (const c of cases) {
    it(c.name, async () => {
      const answer = await client.connection.sendRequest(ValidateRequest, {
        suite: pathToFileURL(path.join(ws, c.suite)).href,
        ...(c.data === undefined ? {} : { data: pathToFileURL(path.join(ws, c.data)).href }),
        resultFormat: 'COMPLETE',
      });
      if (c.secret) assert.ok(!JSON.stringify(answer).includes(c.secret));
      if ('refused' in c.expect) {
        assert.match(answer.error ?? '', c.expect.refused, JSON.stringify(answer).slice(0, 500));
        return;
      }
      assert.equal(answer.error, undefined, answer.error);
      const results = answer.result?.results ?? [];
      for (const r of results) assert.doesNotMatch(r.exception_info.exception_message ?? '', SQL_BROKEN);
      const expected = c.expect.successes;
      assert.deepEqual(results.map((r, i) => (expected[i] === null ? null : r.success)), expected);
    });
  }

  it('no file was created or changed, in the workspace or beside it', () => {
    assert.deepEqual(listing(tree.root), initial);
  });
});
