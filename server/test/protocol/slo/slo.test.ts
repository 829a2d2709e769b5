import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver-types';
import { generateSloRules } from '../../../src/slo/api';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/**
 * Rules generated from an SLO spec kept in sync through the built server (#82): the spec on disk changed since the rules
 * were generated, the rules file opened gets its warning, and the quick fix's edit (offered in a trusted workspace, as
 * every rewrite of a file) is what the spec generates now.
 */
describe('SLO rules kept in sync over LSP (#82)', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  const spec = (objective: number) =>
    `version: prometheus/v1\nservice: api\nslos:\n  - name: availability\n    objective: ${objective}\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total[{{.window}}]))\n    alerting:\n      name: ApiAvailability\n`;
  const generated = (objective: number) => generateSloRules(spec(objective), { source: '../slos/api.yml' }).text;
  const workspace = sharedWorkspace('slo', { 'slos/api.yml': spec(99.5), 'rules/api.rules.yml': generated(99.9) });
  const rules = pathToFileURL(path.join(workspace.root, 'rules', 'api.rules.yml')).href;

  before(async () => {
    ({ client, leave } = await joinSharedServer({ trusted: true }));
    await client.indexReady();
  });

  after(() => leave());

  it('a stale rules file: the warning on its header, and the quick fix writing what the spec generates now', async () => {
    client.open(rules, generated(99.9), 1);
    const diagnostics = await client.waitForDiagnostics(rules, 1, (d) => d.some((one) => one.code === 'slo-rules-stale'));
    const stale = diagnostics.filter((d) => d.code === 'slo-rules-stale');
    assert.deepEqual(
      stale.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`),
      ['0:0 These rules are not what their SLO spec "../slos/api.yml" generates now: it changed since they were generated, or they were edited. Regenerate them (quick fix, or archipel slo generate).'],
    );
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: rules }, range: stale[0].range, context: { diagnostics: stale } });
    const fix = actions.find((a) => a.title === 'Regenerate the rules from ../slos/api.yml');
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.deepEqual(fix.edit?.changes?.[rules]?.map((e) => e.newText), [generated(99.5)]);
    client.replace(rules, generated(99.5), 2);
    assert.deepEqual((await client.waitForDiagnostics(rules, 2)).filter((d) => String(d.code).startsWith('slo-')), []);
  });
});
