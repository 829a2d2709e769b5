// Data validation in the real VS Code (issue #29): a suite with a misspelt type gets its diagnostic
// as you type; Archipel: Validate Data on the example's suite, bound to prices with a planted negative
// volume and a missing date, puts each failure on its expectation in the suite (count, rows, a link to
// the data file's first offending row) and opens Data Docs on the run.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ValidateResponse } from '../../../server/src/protocol/validate';
import { plantDefects } from '../../../server/test/plantedPrices';
import { whenRendered } from './panels';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const DATA_DOCS = 'archipel.dataDocs';

describe('Validate Data in the editor', function () {
  this.timeout(120_000);
  let suite: vscode.Uri;

  before(async () => {
    const extension = vscode.extensions.getExtension('archipel.archipel');
    assert.ok(extension, 'the Archipel extension is not installed in the test host');
    await extension.activate();
    const example = vscode.Uri.joinPath(extension.extensionUri, 'examples', 'portfolio').fsPath;
    const root = workspaceFile('validation').fsPath;
    rmSync(root, { recursive: true, force: true });
    mkdirSync(path.join(root, 'quality'), { recursive: true });
    mkdirSync(path.join(root, 'data'), { recursive: true });
    // The example's suite (data: ../data/prices.csv) and its prices with two planted defects.
    writeFileSync(path.join(root, 'quality', 'prices.expectations.yaml'), readFileSync(path.join(example, 'quality', 'prices.expectations.yaml'), 'utf8'));
    writeFileSync(path.join(root, 'data', 'prices.csv'), plantDefects(readFileSync(path.join(example, 'prediction', 'prices.csv'), 'utf8')));
    suite = workspaceFile('validation/quality/prices.expectations.yaml');
  });

  it('a misspelt expectation type is reported as you type, with its correction', async () => {
    const uri = workspaceFile('validation/quality/typo.expectations.yaml');
    writeFileSync(uri.fsPath, 'name: typo\nexpectations:\n  - type: expect_column_values_to_not_be_nul\n    kwargs: {column: Date}\n');
    await vscode.window.showTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'suite-expectation-type'));
    const typo = diagnostics.find((x) => codeOf(x) === 'suite-expectation-type')!;
    assert.equal(typo.message, 'unknown expectation type expect_column_values_to_not_be_nul: did you mean expect_column_values_to_not_be_null?');
    assert.equal(typo.range.start.line, 2);
  });

  it('Validate Data on the suite: each failure on its expectation, with its count and rows, and Data Docs on the run', async () => {
    let response: ValidateResponse | undefined;
    const rendered = await whenRendered(DATA_DOCS, (s) => s.failed === 2, async () => {
      response = await vscode.commands.executeCommand<ValidateResponse | undefined>('archipel.validateData', suite);
    }, 90_000);
    assert.ok(response?.result, JSON.stringify(response));
    assert.equal(response.result.success, false);
    assert.deepEqual(rendered.summary, { expectations: 11, failed: 2, success: false });
    const shown = vscode.languages.getDiagnostics(suite).filter((d) => d.source === 'archipel validate');
    assert.deepEqual(shown.map((d) => [d.range.start.line, d.message]), [
      [12, 'expect_column_values_to_not_be_null (Date) failed on prices.csv: 1 unexpected of 360 (0.28%); rows 10 (line 12); values null'],
      [34, 'expect_column_values_to_be_between (Volume) failed on prices.csv: 1 unexpected of 360 (0.28%); rows 5 (line 7); values -5000'],
    ]);
    // The first offending row of the data file, one click away.
    const related = shown[1].relatedInformation?.[0];
    assert.equal(related?.location.uri.fsPath, workspaceFile('validation/data/prices.csv').fsPath);
    assert.equal(related?.location.range.start.line, 6);
  });
});
