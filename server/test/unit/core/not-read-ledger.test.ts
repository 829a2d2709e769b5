// The reading's ledger (platform/notRead.ts, issue #92): each reason it keeps, told by the index, the one confined
// read and a family's source (the Terraform family's registry modules not fetched, later).
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { addNotReadSource, notReadWords, ReadLedger } from '../../../src/platform/notRead';
import { confineReads, readSideText } from '../../../src/disk/readText';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { makeTree } from '../../tempdir';

describe('the ledger of what a reading did not read (#92)', () => {
  it('a file over the index bound: too-large; a file read, or a template a family reads its own way: nothing', () => {
    const index = new WorkspaceIndex({ maxBytes: 64, isTemplate: (uri) => uri.includes('/templates/') });
    index.update('file:///w/big.yaml', `a: ${'x'.repeat(100)}\n`);
    index.update('file:///w/small.yaml', 'a: 1\n');
    index.update('file:///w/chart/templates/d.yaml', 'a: {{ .Values.a }}\n');
    const ledger = new ReadLedger();
    ledger.addIndex(index);
    assert.deepEqual(ledger.list(), [{ file: path.resolve('/w/big.yaml'), reason: 'too-large' }]);
  });

  it('side files the confined read refuses while the reading runs: outside, too-large; a missing one is not a refusal', async () => {
    const tree = makeTree({ 'ws/big.env': `A=${'x'.repeat(100)}\n`, 'ws/ok.env': 'A=1\n', 'outside/secret.env': 'A=1\n' });
    const ws = path.join(tree.root, 'ws');
    const unconfine = confineReads([ws]);
    try {
      const ledger = new ReadLedger();
      const texts = await ledger.during(() => Promise.resolve([path.join(ws, '..', 'outside', 'secret.env'), path.join(ws, 'big.env'), path.join(ws, 'ok.env'), path.join(ws, 'none.env')].map((file) => readSideText(file, 64))));
      assert.deepEqual(texts, [{ refused: 'outside' }, { refused: 'too-large' }, { text: 'A=1\n' }, { refused: 'missing' }]);
      assert.deepEqual(ledger.list(), [
        { file: path.join(ws, 'big.env'), reason: 'too-large' },
        { file: path.join(tree.root, 'outside', 'secret.env'), reason: 'outside' },
      ].sort((a, b) => (a.file < b.file ? -1 : 1)));
      // Once the reading is over, a refusal is no longer its own.
      readSideText(path.join(ws, 'big.env'), 64);
      assert.equal(ledger.list().length, 2);
    } finally {
      unconfine();
      tree.remove();
    }
  });

  it("a family's source adds what it did not read (a registry module not fetched), each file once with its first reason", () => {
    const index = new WorkspaceIndex({ maxBytes: 1024, isTemplate: () => false });
    const main = pathToFileURL(path.resolve('/w/main.tf')).href;
    index.update(main, 'module "vpc" { source = "terraform-aws-modules/vpc/aws" }\n');
    addNotReadSource((asked) => (asked === index ? [{ uri: main, reason: 'not-fetched' }] : []));
    const ledger = new ReadLedger();
    ledger.add(path.resolve('/w/main.tf'), 'not-fetched');
    ledger.addIndex(index);
    ledger.add(path.resolve('/w/main.tf'), 'too-large');
    assert.deepEqual(ledger.list(), [{ file: path.resolve('/w/main.tf'), reason: 'not-fetched' }]);
    assert.ok(ledger.has(path.resolve('/w/main.tf')));
    assert.equal(notReadWords('not-fetched'), 'remote, not fetched');
  });
});
