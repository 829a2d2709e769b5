import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CompletionItemKind, DiagnosticSeverity, type CompletionItem } from 'vscode-languageserver-types';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, cursor, diagnoseWorkspace, repoRoot, testToday } from '../../helpers';

/** Every completion the server gives at the `|` of `target` (as its handler asks every feature). */
function completionItems(files: Record<string, string>, target: string): CompletionItem[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  let offset = -1;
  for (const [name, marked] of Object.entries(files)) {
    const text = name === target ? cursor(marked).text : marked;
    if (name === target) offset = cursor(marked).offset;
    index.update(`file:///ws/${name}`, text);
  }
  const file = index.get(`file:///ws/${target}`)!;
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return allFeatures().flatMap((f) => f.completion?.(file, offset, context) ?? []);
}

const completionLabels = (files: Record<string, string>, target: string) => completionItems(files, target).map((i) => i.label);

/** The snippets offered (their names, once each). */
const snippetsAt = (files: Record<string, string>, target: string) => [...new Set(completionItems(files, target).filter((i) => i.kind === CompletionItemKind.Snippet).map((i) => i.detail))];
/** What an empty document of any other YAML file is offered: Kubernetes's objects, then the SLO files' (#82). */
const K8S = ['Kubernetes Deployment', 'Kubernetes Service', 'Kubernetes Ingress', 'Kubernetes HorizontalPodAutoscaler', 'Kubernetes ConfigMap', 'Kubernetes Secret', 'Kubernetes Job', 'Kubernetes CronJob', 'Kubernetes NetworkPolicy', 'Argo CD Application', 'Sloth SLO spec', 'Sloth PrometheusServiceLevel', 'OpenSLO SLO'];

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

/** Expands a VS Code snippet body the way accepting every default does: `${1:x}` → x, choices → the first. */
export function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('snippets', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };

  it('are served by the server, not contributed to VS Code (which would offer them everywhere)', () => {
    assert.equal(manifest.contributes.snippets, undefined);
    const names = readdirSync(path.join(repoRoot, 'snippets'));
    assert.deepEqual(names.sort(), ['adr.code-snippets', 'governance-yaml.json', 'kubernetes.json', 'slo.code-snippets', 'workflows.code-snippets']);
  });

  describe('offered only in their family\'s files, where they can be inserted', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a:1\n          imagePullPolicy: |\n';
    const raci = 'kind: raci\nroles:\n  - {id: cdo}\nactivities:\n  - id: GOV-01\n    raci: {cdo: A}\n';
    const amdec = 'kind: amdec\nthreshold: 100\nrisks:\n  - id: R-01\n    failure_mode: x\n    severity: 5\n    occurrence: 5\n    detection: 5\n    actions:\n      - {id: A-01, action: y}\n';

    it('after a key with an enum: its values only', () => {
      assert.deepEqual(completionLabels({ 'k8s/deployment.yaml': deployment }, 'k8s/deployment.yaml').sort(), ['Always', 'IfNotPresent', 'Never']);
    });

    it('Kubernetes: on the empty line of an empty document, not inside an object', () => {
      assert.deepEqual(snippetsAt({ 'k8s/new.yaml': 'dep|' }, 'k8s/new.yaml'), K8S);
      assert.deepEqual(snippetsAt({ 'k8s/two.yaml': `${deployment.replace('|', '')}---\n|\n` }, 'k8s/two.yaml'), K8S);
      assert.deepEqual(snippetsAt({ 'k8s/in.yaml': 'apiVersion: v1\nkind: ConfigMap\n|\n' }, 'k8s/in.yaml'), []);
    });

    it('RACI: an activity under activities:, nothing on a letter', () => {
      assert.deepEqual(snippetsAt({ 'g/t.raci.yaml': `${raci}  |\n` }, 'g/t.raci.yaml'), ['RACI activity']);
      assert.deepEqual(snippetsAt({ 'g/t.raci.yaml': raci.replace('{cdo: A}', '{cdo: A|}') }, 'g/t.raci.yaml'), []);
      assert.deepEqual(snippetsAt({ 'g/t.raci.yaml': raci.replace('roles:\n', 'roles:\n  |\n') }, 'g/t.raci.yaml'), []);
    });

    it('AMDEC: a risk under risks:, an action under actions:', () => {
      assert.deepEqual(snippetsAt({ 'g/r.amdec.yaml': `${amdec}  |\n` }, 'g/r.amdec.yaml'), ['AMDEC risk']);
      assert.deepEqual(snippetsAt({ 'g/r.amdec.yaml': `${amdec}      |\n` }, 'g/r.amdec.yaml'), ['AMDEC action']);
    });

    it('workflows: a job under jobs:, a workflow in an empty file; none of them in a manifest', () => {
      const ci = 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n';
      assert.deepEqual(snippetsAt({ '.github/workflows/ci.yml': `${ci}  |\n` }, '.github/workflows/ci.yml'), ['GitHub Actions job', 'GitHub Actions matrix job']);
      assert.deepEqual(snippetsAt({ '.github/workflows/new.yml': '|' }, '.github/workflows/new.yml'), ['GitHub Actions workflow', 'ML pipeline workflow']);
      assert.deepEqual(snippetsAt({ 'k8s/new.yaml': '|' }, 'k8s/new.yaml'), K8S);
    });

    it('the same in a file with CRLF line ends, the typed word replaced on its own line', () => {
      const crlf = (text: string) => text.replace(/\n/g, '\r\n');
      assert.deepEqual(snippetsAt({ 'g/r.amdec.yaml': crlf(`${amdec}  |\n`) }, 'g/r.amdec.yaml'), ['AMDEC risk']);
      assert.deepEqual(snippetsAt({ 'g/t.raci.yaml': crlf(raci.replace('roles:\n', 'roles:\n  |\n')) }, 'g/t.raci.yaml'), []);
      const items = completionItems({ 'k8s/two.yaml': crlf(`${deployment.replace('|', '')}---\ndep|\n`) }, 'k8s/two.yaml').filter((i) => i.kind === CompletionItemKind.Snippet);
      assert.deepEqual([...new Set(items.map((i) => i.detail))], K8S);
      const line = deployment.split('\n').length;
      assert.deepEqual((items[0].textEdit as { range: unknown }).range, { start: { line, character: 0 }, end: { line, character: 3 } });
    });

    it('ADRs: in an empty decision file of an ADR folder, not in other Markdown', () => {
      const files = { 'docs/adr/0001-record.md': '# 1. Record\n\nDate: 2025-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n' };
      assert.deepEqual(snippetsAt({ ...files, 'docs/adr/0002-next.md': '|' }, 'docs/adr/0002-next.md'), ['ADR (Nygard)', 'ADR (MADR 4)']);
      assert.deepEqual(snippetsAt({ ...files, 'README.md': '|' }, 'README.md'), []);
    });
  });

  describe('Kubernetes snippets', () => {
    const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'kubernetes.json'), 'utf8')) as Record<string, Snippet>;
    const files: Record<string, string> = {};
    for (const [name, snippet] of Object.entries(snippets)) files[`k8s/${name.replace(/\W+/g, '-').toLowerCase()}.yaml`] = expandSnippet(snippet.body);

    it('cover the kinds the issue names', () => {
      const kinds = Object.values(files).map((text) => /^kind: (\w+)/m.exec(text)?.[1]).sort();
      assert.deepEqual(kinds, ['Application', 'ConfigMap', 'CronJob', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Job', 'NetworkPolicy', 'Secret', 'Service']);
    });

    for (const file of Object.keys(files)) {
      it(`${file} passes every error-level rule once filled`, () => {
        const errors = diagnoseWorkspace(files, file).filter((d) => d.severity === DiagnosticSeverity.Error);
        assert.deepEqual(errors.map((d) => `${d.range.start.line}: ${d.message} [${String(d.code)}]`), []);
      });
    }
  });

  describe('governance snippets', () => {
    const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'governance-yaml.json'), 'utf8')) as Record<string, Snippet>;
    const pad = (n: number) => String(n).padStart(2, '0');
    /** The snippet with its defaults, the date variables as VS Code fills them on the test day, indented. */
    const fill = (name: string, indent: number) =>
      expandSnippet(snippets[name].body)
        .replace(/\$CURRENT_YEAR/g, String(testToday.getFullYear()))
        .replace(/\$CURRENT_MONTH/g, pad(testToday.getMonth() + 1))
        .replace(/\$CURRENT_DATE/g, pad(testToday.getDate()))
        .split('\n')
        .map((line) => (line ? ' '.repeat(indent) + line : line))
        .join('\n');

    it('are the RACI activity, AMDEC risk and AMDEC action', () => {
      assert.deepEqual(Object.values(snippets).map((s) => s.prefix), ['raci-activity', 'amdec-risk', 'amdec-action']);
    });

    it('expand into RACI and AMDEC files that pass every rule', () => {
      const files = {
        'governance/team.raci.yaml': `kind: raci\nroles:\n  - {id: accountable-role}\n  - {id: responsible-role}\nactivities:\n${fill('RACI activity', 2)}`,
        'governance/risks.amdec.yaml': `kind: amdec\nthreshold: 100\nrisks:\n${fill('AMDEC risk', 2)}    actions:\n${fill('AMDEC action', 6)}\n`,
      };
      assert.match(files['governance/risks.amdec.yaml'], /due: 2026-06-15, status: open\}/);
      for (const file of Object.keys(files)) assert.deepEqual(diagnoseWorkspace(files, file).map((d) => `${d.range.start.line}: ${d.message}`), [], files[file as keyof typeof files]);
    });
  });
});
