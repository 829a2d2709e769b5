// Workflows being typed are broken most of the time: every feature method must answer on
// arbitrarily mangled workflows and actions without throwing, with ranges that make sense.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { indexOptions, diagnoseFile } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { workflowGraphOf } from '../../../src/workflows/diagram';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, repoRoot, workflows } from '../../helpers';
import { random } from '../../random';

const pieces = ['${{', '}}', ' ${{ github.', 'steps.', 'needs.', "'", '"', '\n', '\r\n', '  ', '- ', ': ', 'uses: ', './', '@v', 'run: |\n', 'if: ', '&&', '||', '(', ')', '*', '#', 'é', '\u0000', '\t', 'on:', 'jobs:'];

describe('workflow robustness', () => {
  it('every feature method answers on arbitrarily mangled workflows without throwing', function () {
    // Work, not speed: a loaded machine must not turn this into a timeout.
    this.timeout(120_000);
    const next = random(20260115);
    const pipeline = readFileSync(path.join(repoRoot, 'examples', 'portfolio', '.github', 'workflows', 'ml-pipeline.yml'), 'utf8');
    const action = readFileSync(path.join(repoRoot, 'examples', 'portfolio', '.github', 'actions', 'setup-python-env', 'action.yml'), 'utf8');
    const workflowUri = 'file:///repo/.github/workflows/ml-pipeline.yml';
    const actionUri = 'file:///repo/.github/actions/setup-python-env/action.yml';
    const feature = allFeatures().find((f) => f.id === 'workflows')!;
    for (let round = 0; round < 60; round++) {
      const mangle = (source: string) => {
        let text = source;
        for (let i = 0; i < 25; i++) {
          const at = Math.floor(next() * (text.length + 1));
          const cut = next() < 0.3 ? Math.floor(next() * 20) : 0;
          text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at + cut);
        }
        return text;
      };
      const index = new WorkspaceIndex(indexOptions(defaultSettings));
      index.update(workflowUri, mangle(pipeline));
      index.update(actionUri, round % 2 ? mangle(action) : action);
      const context = { index, settings: defaultSettings, isCancelled: () => false };
      for (const uri of [workflowUri, actionUri]) {
        const file = index.get(uri)!;
        const diagnostics = diagnoseFile(file, allFeatures(), context);
        for (const d of diagnostics) {
          const { start, end } = d.range;
          assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), JSON.stringify(d));
        }
        for (let probe = 0; probe < 5; probe++) {
          const offset = Math.floor(next() * (file.text.length + 1));
          feature.completion!(file, offset, context);
          feature.hover!(file, offset, context);
          feature.definition!(file, offset, context);
        }
        feature.documentSymbols!(file, context);
        feature.codeActions!(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics, context);
        workflowGraphOf(file, workflows(), defaultSettings);
      }
    }
  });
});
