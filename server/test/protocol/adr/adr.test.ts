import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { AdrGraphRequest, AdrNewRequest, IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { nygard } from '../../adr';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

describe('ADRs over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  // An adr-tools project: .adr-dir names the folder; 0002 says it is superseded by 0003, which does not say so yet.
  const workspace = makeTree({
    '.adr-dir': 'architecture/decisions\n',
    'architecture/decisions/0001-record-architecture-decisions.md': nygard(1, 'Record architecture decisions'),
    'architecture/decisions/0002-use-kafka.md': nygard(2, 'Use Kafka', 'Superseded by [3. Use Pulsar](0003-use-pulsar.md)'),
    'architecture/decisions/0003-use-pulsar.md': nygard(3, 'Use Pulsar'),
    'notes/unrelated.md': '# Notes\n\nADR-0042 is not checked here.\n',
  });
  const uri = (name: string) => pathToFileURL(`${workspace.root}/${name}`).href;
  const folder = uri('architecture/decisions');
  const codes = (d: Diagnostic[]) => d.map((x) => `${String(x.code)}@${x.range.start.line}`);
  const openMarkdown = (u: string, text: string, version = 1) =>
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version, text } });

  // A server of its own: archipel/adrGraph and archipel/adrNew answer for every ADR folder of the workspace, which must hold this one alone.
  before(async () => {
    client = await TestLspClient.startInWorkspace(workspace.root, { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } });
    await client.waitFor('index ready', () => client.notifications.find((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready'));
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('checks Markdown files of the folder .adr-dir names, and only those', async () => {
    const notes = uri('notes/unrelated.md');
    await openMarkdown(notes, '# Notes\n\nADR-0042 is not checked here.\n');
    assert.deepEqual(await client.waitForDiagnostics(notes, 1), []);
    const kafka = uri('architecture/decisions/0002-use-kafka.md');
    await openMarkdown(kafka, nygard(2, 'Use Kafka', 'Superseded by [3. Use Pulsar](0003-use-pulsar.md)'));
    assert.deepEqual(codes(await client.waitForDiagnostics(kafka, 1)), ['adr-supersession@6']);
  });

  it('updates the other ADR when the successor gains its "Supersedes" line', async () => {
    const kafka = uri('architecture/decisions/0002-use-kafka.md');
    const pulsar = uri('architecture/decisions/0003-use-pulsar.md');
    await openMarkdown(pulsar, nygard(3, 'Use Pulsar'));
    await client.waitForDiagnostics(pulsar, 1);
    client.replace(pulsar, nygard(3, 'Use Pulsar', 'Accepted\n\nSupersedes [2. Use Kafka](0002-use-kafka.md)'), 2);
    await client.waitForDiagnostics(pulsar, 2, (d) => d.length === 0);
    await client.waitFor('0002 clean', () => (client.diagnostics.get(kafka)?.diagnostics.length === 0 ? true : undefined));
  });

  it('archipel/adrGraph gives numbers, titles, statuses, dates and relations', async () => {
    const graph = await client.connection.sendRequest(AdrGraphRequest, {});
    assert.equal(graph.folders.length, 1);
    assert.equal(graph.folders[0].uri, folder);
    assert.deepEqual(
      graph.folders[0].adrs.map((a) => [a.number, a.title, a.status, a.date, a.supersedes, a.supersededBy]),
      [
        [1, 'Record architecture decisions', 'accepted', '2024-01-15', [], []],
        [2, 'Use Kafka', 'superseded', '2024-01-15', [], [3]],
        [3, 'Use Pulsar', 'accepted', '2024-01-15', [2], []],
      ],
    );
  });

  it('archipel/adrNew answers a WorkspaceEdit creating the next number; a bad title is an error', async () => {
    const result = await client.connection.sendRequest(AdrNewRequest, { title: 'Use Flink', date: '2025-04-01' });
    assert.equal(result.uri, `${folder}/0004-use-flink.md`);
    const [create, insert] = result.edit.documentChanges ?? [];
    assert.deepEqual(create, { kind: 'create', uri: result.uri, options: { overwrite: false, ignoreIfExists: false } });
    assert.match(((insert as TextDocumentEdit).edits[0] as TextEdit).newText, /^# 4\. Use Flink\n\nDate: 2025-04-01\n/);
    await assert.rejects(client.connection.sendRequest(AdrNewRequest, { title: '???' }), /at least one letter/);
  });
});
