import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, Location } from 'vscode-languageserver-types';
import { webChartYaml, webDeployment, webHelpers } from '../../helmChart';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/**
 * A Helm chart through the built server (#48): its files on disk, the server reading the chart from
 * the index and the editor's open documents; a template's Go syntax error at its place (which stops
 * the chart's render, as in Helm), a values.schema.json error at the value, a misspelt field of the
 * rendered Deployment on its template line once the chart renders, and completion, hover and
 * definition of `.Values` paths.
 */
describe('Helm chart over LSP (#48)', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  const values = 'replicaCount: two\nimage:\n  repository: nginx\n  tag: "1.27"\n';
  const schema = JSON.stringify({ $schema: 'https://json-schema.org/draft-07/schema#', type: 'object', properties: { replicaCount: { type: 'integer', minimum: 1 }, image: { type: 'object', properties: { repository: { type: 'string' }, tag: { type: 'string' } } } } }, null, 2);
  const deployment = webDeployment('  replica: 2');
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  selector:\n    app: {{ .Chart.Name }\n  ports:\n    - port: 80\n      targetPort: 8080\n';
  const workspace = sharedWorkspace('helm', {
    'web/Chart.yaml': webChartYaml,
    'web/values.yaml': values,
    'web/values.schema.json': schema,
    'web/templates/_helpers.tpl': webHelpers,
    'web/templates/deployment.yaml': deployment,
    'web/templates/service.yaml': service,
  });
  const uri = (relative: string) => pathToFileURL(path.join(workspace.root, 'web', relative)).href;
  const shown = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)}`).sort();

  before(async () => {
    ({ client, leave } = await joinSharedServer());
    await client.indexReady();
  });

  after(() => leave());

  it('reports a values.schema.json error on the value and a Go template syntax error at its place', async () => {
    client.open(uri('values.yaml'), values, 1);
    const valueProblems = await client.waitForDiagnostics(uri('values.yaml'), 1, (d) => d.length > 0);
    assert.deepEqual(shown(valueProblems), ['0:14-0:17 helm-values-schema']);
    assert.equal(String(valueProblems[0].message), 'Expected integer at replicaCount, found string "two".');

    client.open(uri('templates/service.yaml'), service, 1);
    const syntax = await client.waitForDiagnostics(uri('templates/service.yaml'), 1, (d) => d.length > 0);
    assert.deepEqual(shown(syntax), ['6:24-6:25 helm-template-syntax']);
    assert.equal(String(syntax[0].message), 'Go template syntax: unexpected "}" in operand');
  });

  it('reports a misspelt field of the rendered Deployment on its template line once the chart renders, and clears the fixed errors', async () => {
    // A template that does not parse stops the chart's render (as `helm template`): fix it first.
    client.replace(uri('templates/service.yaml'), service.replace('{{ .Chart.Name }\n', '{{ .Chart.Name }}\n'), 2);
    assert.deepEqual(await client.waitForDiagnostics(uri('templates/service.yaml'), 2), []);
    client.replace(uri('values.yaml'), values.replace('two', '2'), 2);
    assert.deepEqual(await client.waitForDiagnostics(uri('values.yaml'), 2), []);
    client.open(uri('templates/deployment.yaml'), deployment, 1);
    const rendered = await client.waitForDiagnostics(uri('templates/deployment.yaml'), 1, (d) => d.length > 0);
    assert.deepEqual(shown(rendered), ['5:2-5:9 k8s-schema']);
    assert.match(String(rendered[0].message), /Unknown field "replica" in DeploymentSpec \(spec\)\. Did you mean "replicas"\?/);
    // Its did-you-mean is a quick fix, as the same error's in a plain manifest (#83: "No code actions available" before).
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('templates/deployment.yaml') }, range: rendered[0].range, context: { diagnostics: rendered } });
    assert.deepEqual(
      actions.map((a) => ({ title: a.title, kind: a.kind, edits: a.edit?.changes?.[uri('templates/deployment.yaml')] })),
      [{ title: 'Replace with "replicas"', kind: 'quickfix', edits: [{ range: rendered[0].range, newText: 'replicas' }] }],
    );
  });

  it('completes, hovers and goes to the definition of .Values paths', async () => {
    const template = uri('templates/deployment.yaml');
    const line = 18;
    const completing = deployment.replace('{{ .Values.image.tag }}', '{{ .Values.image. }}');
    client.replace(template, completing, 2);
    const character = completing.split('\n')[line].indexOf('.Values.image. ') + '.Values.image.'.length;
    const result = await client.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: template }, position: { line, character } });
    const labels = (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label).sort();
    assert.ok(labels.includes('repository') && labels.includes('tag'), labels.join(','));

    client.replace(template, deployment, 3);
    await client.waitForDiagnostics(template, 3);
    const at = { line, character: deployment.split('\n')[line].indexOf('.tag') + 2 };
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: template }, position: at });
    assert.match(JSON.stringify(hover?.contents), /1\.27.*Defined in values\.yaml:4/);
    const definition = await client.connection.sendRequest<Location[] | Location | null>('textDocument/definition', { textDocument: { uri: template }, position: at });
    const locations = Array.isArray(definition) ? definition : definition ? [definition] : [];
    assert.deepEqual(locations.map((l) => `${l.uri}:${l.range.start.line}`), [`${uri('values.yaml')}:3`]);
  });
});
