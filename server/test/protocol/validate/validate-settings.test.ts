// Issues #37 and #41: the editor's validate request reads archipel.validate.* (the bounds the CLI
// takes as --max-… options, and how a CSV's missing cells are read), and a COMPLETE result says
// when the kept unexpected list was cut (unexpected_list_truncated; the counts stay exact).
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidateRequest } from '../../../src/protocol/validate';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const rows = ['v,w', ...Array.from({ length: 12 }, (_, i) => `${i % 2 === 0 ? -i - 1 : i},${i === 3 ? 'NA' : 'x'}`)].join('\n') + '\n';
const suite = JSON.stringify({
  name: 's',
  expectations: [
    { type: 'expect_column_values_to_be_between', kwargs: { column: 'v', min_value: 0 } },
    { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'w' } },
  ],
});

describe('archipel/validate reads archipel.validate.* (#37, #41)', function () {
  this.timeout(120_000);
  const tree = makeTree({ 'd.csv': rows, 's.expectations.json': suite });
  let client: TestLspClient;

  before(async () => {
    client = TestLspClient.start();
    const folder = pathToFileURL(tree.root).href;
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
    await client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    await client.stop();
    tree.remove();
  });

  const validate = () => client.connection.sendRequest(ValidateRequest, {
    suite: pathToFileURL(path.join(tree.root, 's.expectations.json')).href,
    data: pathToFileURL(path.join(tree.root, 'd.csv')).href,
    resultFormat: 'COMPLETE',
  });

  it('by default: every unexpected value kept, not truncated; NA is missing as in GX\'s pandas engine', async () => {
    const answer = await validate();
    assert.equal(answer.error, undefined, answer.error);
    const [between, notNull] = answer.result!.results;
    assert.equal(between.result.unexpected_count, 6);
    assert.deepEqual(between.result.unexpected_list, [-1, -3, -5, -7, -9, -11]);
    assert.equal(between.result.unexpected_list_truncated, false);
    assert.equal(notNull.success, false);
    assert.deepEqual(notNull.result.unexpected_index_list, [3]);
  });

  it('maxUnexpected keeps that many, flags the list truncated, the count exact; missingValues: empty reads NA as text', async () => {
    client.configuration.archipel = { validate: { maxUnexpected: 2, missingValues: 'empty' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const answer = await validate();
    const [between, notNull] = answer.result!.results;
    assert.equal(between.result.unexpected_count, 6);
    assert.deepEqual(between.result.unexpected_list, [-1, -3]);
    assert.equal(between.result.unexpected_list_truncated, true);
    assert.equal(notNull.success, true);
  });

  it('maxExpectations refuses a suite over it, naming the setting', async () => {
    client.configuration.archipel = { validate: { maxExpectations: 1 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const answer = await validate();
    assert.match(answer.error ?? '', /the suite has 2 items, over the bound of 1 \(raise it with --max-expectations or the setting archipel\.validate\.maxExpectations\)/);
  });
});
