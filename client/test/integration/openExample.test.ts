// Open Example copies the example as git tracks it: from a development checkout whose example
// holds what a pipeline run wrote, none of that is copied (the installed extension holds only its
// tracked files). A checkout of that shape is built in a temporary folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { copyExample } from '../../src/commands/walkthrough';

const list = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();

describe('Open Example', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'archipel-open-example-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const write = (relative: string, text = 'x\n') => {
    fs.mkdirSync(path.dirname(path.join(tmp, relative)), { recursive: true });
    fs.writeFileSync(path.join(tmp, relative), text);
  };

  it('from a development checkout, copies the example without the outputs of a run (.archipel/, dvc.lock, data/, metrics/, ...)', async () => {
    // The repository's own .gitignore (this test runs from the checkout's out/client/test/integration): what a run writes in the example is named there.
    write('checkout/.gitignore', fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', '.gitignore'), 'utf8'));
    // And the example's own, which names its outputs and which the copy carries (#52).
    write('checkout/examples/portfolio/.gitignore', fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'portfolio', '.gitignore'), 'utf8'));
    for (const tracked of ['dvc.yaml', 'params.yaml', '.github/workflows/ci.yml', 'prediction/prices.csv', 'anonymiser/samples/a.jpg']) write(`checkout/examples/portfolio/${tracked}`);
    for (const output of ['.archipel/runs/1.json', 'dvc.lock', 'data/features.csv', 'metrics/evaluation.json', 'prediction/predictions/p.csv', 'anonymiser/anonymised/a.jpg', 'governance/.archipel/state.json']) write(`checkout/examples/portfolio/${output}`);
    const target = vscode.Uri.file(path.join(tmp, 'copy', 'archipel-portfolio'));
    await copyExample(vscode.Uri.file(path.join(tmp, 'checkout')), ['examples', 'portfolio'], target);
    assert.deepEqual(list(target.fsPath), ['.github/workflows/ci.yml', '.gitignore', 'anonymiser/samples/a.jpg', 'dvc.yaml', 'params.yaml', 'prediction/prices.csv']);
  });

  it('from an installed extension (no .gitignore beside it), copies every file', async () => {
    for (const file of ['dvc.yaml', 'data/raw.csv', '.github/workflows/ci.yml']) write(`installed/examples/portfolio/${file}`);
    const target = vscode.Uri.file(path.join(tmp, 'copy2', 'archipel-portfolio'));
    await copyExample(vscode.Uri.file(path.join(tmp, 'installed')), ['examples', 'portfolio'], target);
    assert.deepEqual(list(target.fsPath), ['.github/workflows/ci.yml', 'data/raw.csv', 'dvc.yaml']);
  });
});
