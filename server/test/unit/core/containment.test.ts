import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { isWithin, OutsideWorkspaceError } from '../../../src/common/containment';
import { ConfigError, resolveConfig } from '../../../src/engines/blur/config';
import { assertWithin, isReallyWithin } from '../../../src/disk/containment';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { patternImage } from '../../blur/fixtures';
import { runCli as run } from '../../cliRun';
import { hostileFiles } from '../../hostile';
import { allFeatures, brief } from '../../helpers';
import { makeTree } from '../../tempdir';

/** Diagnoses `target` of a workspace whose folder is `/ws`, as the server does with its workspace folders. */
function diagnoseIn(files: Record<string, string>, target: string) {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [file, text] of Object.entries(files)) index.update(pathToFileURL(path.join('/ws', file)).href, text);
  const entry = index.get(pathToFileURL(path.join('/ws', target)).href)!;
  return diagnoseFile(entry, allFeatures(), { index, settings: defaultSettings, isCancelled: () => false, roots: ['/ws'] });
}

describe('paths Archipel writes stay inside the workspace (issue #22)', function () {
  this.timeout(120_000);

  it('resolves `..` before comparing, and symbolic links when the disk is asked', () => {
    assert.ok(isWithin('/ws/a/../b', '/ws'));
    assert.ok(isWithin('/ws', '/ws'));
    assert.ok(!isWithin('/ws/../victim', '/ws'));
    assert.ok(!isWithin('/wsx/a', '/ws'));
    const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-contain-'));
    try {
      mkdirSync(path.join(root, 'ws'));
      mkdirSync(path.join(root, 'victim'));
      symlinkSync(path.join(root, 'victim'), path.join(root, 'ws', 'outputs'));
      const through = path.join(root, 'ws', 'outputs', 'new-folder', 'x.png');
      assert.ok(isWithin(through, path.join(root, 'ws')), 'lexically inside');
      assert.ok(!isReallyWithin(through, path.join(root, 'ws')), 'really outside');
      assert.throws(() => assertWithin(through, [path.join(root, 'ws')], 'blur.outputFolder', 'outputs/new-folder'), (error: Error) => {
        assert.ok(error instanceof OutsideWorkspaceError);
        assert.match(error.message, /^blur\.outputFolder "outputs\/new-folder" \(.*victim.new-folder.x\.png\) is outside the workspace folder /);
        return true;
      });
      assert.ok(isReallyWithin(path.join(root, 'ws', 'not-yet', 'deeper'), path.join(root, 'ws')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('blur: an outputFolder from configuration outside the workspace is refused; from the command line it is not', () => {
    const layer = (outputFolder: string, explicit = false) => ({ origin: '/ws/archipel.yaml', baseDir: '/ws', values: { outputFolder }, explicit });
    for (const outside of ['../elsewhere', '/tmp/elsewhere']) {
      assert.throws(() => resolveConfig([layer(outside)], ['/ws']), (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, new RegExp(`^/ws/archipel\\.yaml: blur\\.outputFolder "${outside.replace(/\./g, '\\.')}"( \\(/elsewhere\\))? is outside the workspace folder`));
        return true;
      });
    }
    assert.equal(resolveConfig([layer('anonymised')], ['/ws']).outputFolder, '/ws/anonymised');
    assert.equal(resolveConfig([layer('../elsewhere', true)], ['/ws']).outputFolder, '/elsewhere');
  });

  it('archipel blur refuses, naming the path, and creates nothing outside', async () => {
    const tree = makeTree({ 'project/archipel.yaml': 'blur:\n  outputFolder: ../elsewhere\n' });
    try {
      const { raw, channels } = patternImage(40, 30);
      mkdirSync(path.join(tree.root, 'project', 'photos'));
      await sharp(raw, { raw: { width: 40, height: 30, channels } }).png().toFile(path.join(tree.root, 'project', 'photos', 'a.png'));
      const result = await run(['blur', 'photos', '--format', 'json', '--face-model', 'none.onnx'], path.join(tree.root, 'project'));
      assert.equal(result.code, 1);
      const [item] = JSON.parse(result.out) as { error: string }[];
      assert.match(item.error, /blur\.outputFolder "\.\.\/elsewhere" \(.*elsewhere\) is outside the workspace folder .*project: Archipel writes only inside it/);
      assert.ok(!existsSync(path.join(tree.root, 'elsewhere')));
    } finally {
      tree.remove();
    }
  });

  it('gives archipel.yaml and .adr-dir pointing outside a diagnostic in the editor', () => {
    const yaml = diagnoseIn({ 'archipel.yaml': 'blur:\n  outputFolder: ../x\n' }, 'archipel.yaml');
    assert.deepEqual(yaml.map(brief), ['1:16-1:20 path-outside-workspace']);
    assert.deepEqual(diagnoseIn({ 'archipel.yaml': 'blur:\n  outputFolder: out/../anonymised\n' }, 'archipel.yaml'), []);
    const adrDir = diagnoseIn({ 'docs/.adr-dir': '../../victim/adrs\n' }, 'docs/.adr-dir');
    assert.deepEqual(adrDir.map(brief), ['0:0-0:17 path-outside-workspace']);
    assert.match(String(adrDir[0].message), /^The ADR folder of \.adr-dir "\.\.\/\.\.\/victim\/adrs" \(\/victim\/adrs\) is outside the workspace folder \/ws/);
  });

  it('archipel adr new refuses a .adr-dir folder outside the project, naming it, and writes nothing', async () => {
    const tree = makeTree({ 'project/.adr-dir': '../victim/adrs\n', 'project/README.md': '# Project\n' });
    try {
      const result = await run(['adr', 'new', 'Pwn'], path.join(tree.root, 'project'));
      assert.equal(result.code, 1);
      assert.match(result.err, /the ADR file ".*victim.adrs.0001-pwn\.md" is outside the workspace folder .*project/);
      assert.ok(!existsSync(path.join(tree.root, 'victim')));
      // Named on the command line, a folder may be anywhere.
      const named = await run(['adr', 'new', 'Elsewhere', '--dir', '../named'], path.join(tree.root, 'project'));
      assert.equal(named.code, 0, named.err);
      assert.deepEqual(readdirSync(path.join(tree.root, 'named')), ['0001-elsewhere.md']);
    } finally {
      tree.remove();
    }
  });

  it('archipel check on a folder of hostile files finishes and says what it refused', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-hostile-'));
    try {
      for (const file of hostileFiles()) {
        mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
        writeFileSync(path.join(root, file.path), file.content);
      }
      const result = await run(['check', '.', '--format', 'json'], root);
      assert.equal(result.code, 1);
      const problems = JSON.parse(result.out) as { file: string; code: string; message: string }[];
      const codesOf = (file: string) => [...new Set(problems.filter((p) => p.file === file).map((p) => p.code))].sort();
      assert.deepEqual(codesOf(path.join('yaml', 'braces.yaml')), ['yaml-limit']);
      assert.deepEqual(codesOf(path.join('yaml', 'invalid-utf8.yaml')), ['file-encoding']);
      assert.deepEqual(codesOf(path.join('yaml', 'utf16.yaml')), ['k8s-schema']);
      assert.deepEqual(codesOf(path.join('docs', 'adr', '0003-emphasis.md')), ['markdown-limit']);
      const refused = /Not checked, or not wholly, because of a limit: (\d+) file\(s\): (.*)\. --strict-limits makes this exit 1\./.exec(result.err);
      assert.ok(refused, result.err);
      assert.match(refused[2], /yaml[/\\]braces\.yaml \(yaml-limit\)/);
      assert.match(refused[2], /yaml[/\\]alias-bomb\.yaml \(yaml-alias-limit\)/);

      const small = await run(['check', 'yaml/long-line.yaml', '--max-file-size-kb', '100'], root);
      assert.equal(small.code, 0, 'a file over the limit is a warning');
      assert.match(small.out, /long-line\.yaml:1:1: warning: File not validated: 977 KB is over the 100 KB limit/);
      const strict = await run(['check', 'yaml/long-line.yaml', '--max-file-size-kb', '100', '--strict-limits'], root);
      assert.equal(strict.code, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
