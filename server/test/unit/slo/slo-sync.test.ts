import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { codeActionsFor, diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { generateSloRules } from '../../../src/slo/api';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, type TextDiagnostic } from '../../helpers';

const spec = (objective: number) => `version: prometheus/v1
service: api
slos:
  - name: availability
    objective: ${objective}
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: ApiAvailability
`;

const SPEC = 'file:///ws/slos/api.yml';
const RULES = 'file:///ws/rules/api.rules.yml';

/** The rules `archipel slo generate slos/api.yml -o rules/api.rules.yml` writes for a spec text. */
const generated = (text: string, options: Parameters<typeof generateSloRules>[1] = {}) => generateSloRules(text, { source: '../slos/api.yml', ...options }).text;

function workspace(files: Record<string, string>) {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [uri, text] of Object.entries(files)) index.update(uri, text);
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  const rules = index.get(RULES)!;
  const diagnostics = (diagnoseFile(rules, allFeatures(), context) as TextDiagnostic[]).filter((d) => String(d.code).startsWith('slo-'));
  const actions = diagnostics.length > 0 ? codeActionsFor(rules, diagnostics[0].range, diagnostics, allFeatures(), context) : [];
  return { rules, diagnostics, actions };
}

function applied(text: string, action: CodeAction): string {
  const edits: TextEdit[] = action.edit?.changes?.[RULES] ?? [];
  return TextDocument.applyEdits(TextDocument.create(RULES, 'yaml', 1, text), edits);
}

describe('generated rules kept in sync with their SLO spec (slo-rules-stale)', () => {
  it('rules generated from the spec as it is: no finding', () => {
    assert.deepEqual(workspace({ [SPEC]: spec(99.9), [RULES]: generated(spec(99.9)) }).diagnostics, []);
  });

  it('the spec changed since: a warning on the header, and a quick fix that writes what it generates now', () => {
    const before = generated(spec(99.9));
    const { diagnostics, actions } = workspace({ [SPEC]: spec(99.5), [RULES]: before });
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${String(d.severity)}: ${d.message}`),
      [`0:0-0:${before.indexOf('\n')} slo-rules-stale 2: These rules are not what their SLO spec "../slos/api.yml" generates now: it changed since they were generated, or they were edited. Regenerate them (quick fix, or archipel slo generate).`],
    );
    const fix = actions.find((action) => action.title === 'Regenerate the rules from ../slos/api.yml');
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    const after = applied(before, fix);
    assert.equal(after, generated(spec(99.5)));
    assert.match(after, /slo:objective:ratio[\s\S]*vector\(0\.995\)/);
    assert.deepEqual(workspace({ [SPEC]: spec(99.5), [RULES]: after }).diagnostics, []);
  });

  it('rules edited by hand are stale too; a rules file whose spec is not in the workspace says so, with no fix', () => {
    const edited = generated(spec(99.9)).replace('severity: page', 'severity: critical');
    assert.notEqual(edited, generated(spec(99.9)));
    assert.deepEqual(workspace({ [SPEC]: spec(99.9), [RULES]: edited }).diagnostics.map((d) => d.code), ['slo-rules-stale']);
    const alone = workspace({ [RULES]: generated(spec(99.9)) });
    assert.deepEqual(alone.diagnostics.map((d) => d.message), ['These rules were generated from "../slos/api.yml", which is not in the workspace: they cannot be kept in sync with it.']);
    assert.deepEqual(alone.actions.filter((a) => a.title.startsWith('Regenerate')), []);
  });

  it('the options beyond the defaults are in the header and regenerated with: a 28-day period, extra labels', () => {
    const options = { period: 28 * 86_400_000, extraLabels: { team: 'ml' } };
    const rules = generated(spec(99.9), options);
    assert.equal(rules.split('\n')[2], '# Generated with: {"period":"28d","extraLabels":{"team":"ml"}}');
    assert.deepEqual(workspace({ [SPEC]: spec(99.9), [RULES]: rules }).diagnostics, []);
    const { actions } = workspace({ [SPEC]: spec(99), [RULES]: rules });
    assert.equal(applied(rules, actions.find((a) => a.title.startsWith('Regenerate'))!), generated(spec(99), options));
  });

  it('a spec with errors is reported on the spec, not on its rules (nothing to regenerate from)', () => {
    assert.deepEqual(workspace({ [SPEC]: spec(100.5), [RULES]: generated(spec(99.9)) }).diagnostics, []);
  });
});
