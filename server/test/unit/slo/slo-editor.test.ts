import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CompletionItemKind, DiagnosticSeverity, type CompletionItem, type MarkupContent } from 'vscode-languageserver-types';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, cursor, diagnoseWorkspace, repoRoot } from '../../helpers';

/** A snippet's body as accepting every default gives it: `${1:x}` → x, a choice → its first. */
function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

/** The index of one marked text (`|`: the cursor) and the offset. */
function at(marked: string, name = 'slos/api.yml') {
  const { text, offset } = cursor(marked);
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const file = index.update(`file:///ws/${name}`, text);
  return { file, offset, context: { index, settings: defaultSettings, isCancelled: () => false } };
}

/** The completions the server gives at the cursor, snippets left out. */
function completions(marked: string, name?: string): CompletionItem[] {
  const { file, offset, context } = at(marked, name);
  return allFeatures().flatMap((f) => f.completion?.(file, offset, context) ?? []).filter((i) => i.kind !== CompletionItemKind.Snippet);
}

function hover(marked: string): string | undefined {
  const { file, offset, context } = at(marked);
  for (const feature of allFeatures()) {
    const found = feature.hover?.(file, offset, context);
    if (found) return (found.contents as MarkupContent).value;
  }
  return undefined;
}

const sloth = `version: prometheus/v1
service: api
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: ApiAvailability
      page_alert:
        disable: true
`;

describe('SLO files in the editor: completion and hover from the schemas, snippets', () => {
  it("completes the fields an SLO may still take, with their description", () => {
    const items = completions(sloth.replace('    objective: 99.9\n', '    objective: 99.9\n    |\n'));
    assert.deepEqual(items.map((i) => i.label), ['description', 'labels', 'plugins']);
    assert.equal(items[0].documentation, 'What the SLO measures, for its readers.');
    assert.deepEqual(items[0].textEdit && 'range' in items[0].textEdit ? items[0].textEdit.newText : undefined, 'description: ');
  });

  it("completes a PrometheusServiceLevel's camelCase fields, and the values an enum or a boolean allows", () => {
    const k8s = 'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata:\n  name: api\nspec:\n  service: api\n  slos:\n    - name: a\n      objective: 99\n      alerting:\n        |\n';
    assert.deepEqual(completions(k8s).map((i) => i.label), ['name', 'labels', 'annotations', 'pageAlert', 'ticketAlert']);
    assert.deepEqual(completions(sloth.replace('disable: true', 'disable: |')).map((i) => i.label), ['true', 'false']);
    const openSlo = 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: a\nspec:\n  service: api\n  budgetingMethod: |\n';
    assert.deepEqual(completions(openSlo, 'slos/a.yaml').map((i) => i.label), ['Occurrences', 'Timeslices', 'RatioTimeslices']);
    assert.deepEqual(completions('apiVersion: openslo/v1\nkind: |\n', 'slos/a.yaml').map((i) => i.label), ['SLO', 'SLI', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget', 'Service', 'DataSource']);
  });

  it("hovers a field with its description", () => {
    assert.equal(hover(sloth.replace('    objective:', '    obj|ective:')), '**objective** (number): The objective in percent, more than 0 and at most 100 (99.9): the share of good events over the period.');
    assert.equal(hover(sloth.replace('page_alert:', 'page_al|ert:')), '**page_alert** (object): The fast-burn alert (1h/5m and 6h/30m windows): labels, annotations, or disable.');
    assert.equal(hover(sloth.replace('service: api', 'service: a|pi')), undefined);
  });

  describe('snippets', () => {
    const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'slo.code-snippets'), 'utf8')) as Record<string, { body: string[] }>;

    it('a Sloth SLO is offered directly under slos:', () => {
      const { file, offset, context } = at(sloth.replace('slos:\n', 'slos:\n  |\n'));
      const offered = allFeatures().flatMap((f) => f.completion?.(file, offset, context) ?? []).filter((i) => i.kind === CompletionItemKind.Snippet).map((i) => i.detail);
      assert.deepEqual(offered, ['Sloth SLO']);
    });

    for (const name of ['Sloth SLO spec', 'Sloth PrometheusServiceLevel', 'OpenSLO SLO']) {
      it(`${name}, once filled, has no error and no SLO finding`, () => {
        const text = expandSnippet(snippets[name].body);
        const found = diagnoseWorkspace({ 'slos/new.yaml': text }, 'slos/new.yaml').filter((d) => d.severity === DiagnosticSeverity.Error || String(d.code).startsWith('slo-'));
        assert.deepEqual(found.map((d) => `${d.range.start.line}: ${d.message} [${String(d.code)}]`), []);
      });
    }

    it('the Sloth SLO entry, once filled under slos:, has no finding either', () => {
      const entry = expandSnippet(snippets['Sloth SLO'].body).split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');
      const text = `version: prometheus/v1\nservice: api\nslos:\n${entry}`;
      assert.deepEqual(diagnoseWorkspace({ 'slos/new.yaml': text }, 'slos/new.yaml').filter((d) => String(d.code).startsWith('slo-')).map((d) => d.message), []);
    });
  });
});
