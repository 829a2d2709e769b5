// What a VSIX holds (scripts/package.mjs): the repository's part is what git tracks, never the
// working tree's state (a pipeline run's dvc.lock, .archipel/, data/, metrics/ in the example);
// every entry of the package is checked against the allow-list.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

interface PackageModule {
  VSCE_JAVASCRIPT_FILES: number;
  trackedContent(repository?: string, items?: string[]): string[];
  allowedEntry(entry: string, tracked: Set<string>): boolean;
  zipEntries(file: string): string[];
}

/** A zip of stored (uncompressed) entries, as the format lays it out (CRCs left at 0: only names are read). */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const importFile = <T>(file: string) => import(pathToFileURL(file).href) as Promise<T>;

describe('VSIX contents', () => {
  let pack: PackageModule;
  before(async () => {
    pack = await importFile<PackageModule>(path.join(repoRoot, 'scripts', 'package.mjs'));
  });

  it('takes the files git tracks, not what a pipeline run left in the example', () => {
    const tree = makeTree({
      'examples/portfolio/dvc.yaml': 'stages: {}\n',
      'examples/portfolio/params.yaml': 'a: 1\n',
      'syntaxes/mermaid.tmLanguage.json': '{}\n',
      'syntaxes/test/case.mmd': 'graph TD\n',
      'README.md': '# x\n',
    });
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { stdio: 'pipe' });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'tracked');
      const before = pack.trackedContent(tree.root, ['examples/portfolio', 'syntaxes', 'README.md']);
      // A full pipeline run, as the README walks it: lock, state folder, outputs, metrics, a stray CSV.
      for (const [file, text] of Object.entries({
        'examples/portfolio/dvc.lock': 'schema: "2.0"\n',
        'examples/portfolio/.archipel/runs.json': '{}\n',
        'examples/portfolio/data/prices.csv': 'Date\n',
        'examples/portfolio/metrics/drift.json': '{}\n',
        'examples/portfolio/anonymiser/anonymised/crossing.blurred.jpg': 'x',
        'examples/portfolio/prediction/predictions/prices.predictions.csv': 'Date\n',
      })) {
        mkdirSync(path.dirname(path.join(tree.root, file)), { recursive: true });
        writeFileSync(path.join(tree.root, file), text);
      }
      const after = pack.trackedContent(tree.root, ['examples/portfolio', 'syntaxes', 'README.md']);
      assert.deepEqual(after, before);
      assert.deepEqual(after, ['README.md', 'examples/portfolio/dvc.yaml', 'examples/portfolio/params.yaml', 'syntaxes/mermaid.tmLanguage.json']);
    } finally {
      tree.remove();
    }
  });

  it('refuses to package from a folder that is not a git clone', () => {
    const tree = makeTree({ 'README.md': '# x\n' });
    try {
      assert.throws(() => pack.trackedContent(tree.root, ['README.md']), /a VSIX is built from a git clone/);
    } finally {
      tree.remove();
    }
  });

  it('allows vsce\'s files, the build and tracked files only', () => {
    const tracked = new Set(pack.trackedContent());
    assert.ok(tracked.has('examples/portfolio/dvc.yaml'));
    assert.ok(tracked.has('bin/archipel'), 'the `archipel` shim is packed');
    assert.ok(![...tracked].some((f) => f.startsWith('syntaxes/test/')), 'grammar test fixtures stay in the repository');
    for (const entry of ['extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/dist/server/cli.js', 'extension/examples/portfolio/dvc.yaml', 'extension/bin/archipel']) {
      assert.ok(pack.allowedEntry(entry, tracked), entry);
    }
    for (const entry of ['extension/examples/portfolio/dvc.lock', 'extension/examples/portfolio/.archipel/runs.json', 'extension/examples/portfolio/data/prices.csv', 'extension/examples/portfolio/metrics/drift.json', 'extension/node_modules/x/index.js', 'extension/out/server/src/cli.js']) {
      assert.equal(pack.allowedEntry(entry, tracked), false, entry);
    }
  });

  it('the build stays one bundle per entry: its JavaScript files and the packages\' four stay within vsce\'s bound (#69)', () => {
    // What a VSIX holds of the build (dist/, as built for the tests: the same files as --production,
    // unminified), and the four runtime files package.mjs stages beside it: onnxruntime-node's and
    // DuckDB's API bundled, sharp's libvips loader, jsdom's XHR worker.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules') continue;
        if (entry.isDirectory()) walk(path.join(dir, entry.name));
        else if (/\.js$/i.test(entry.name)) files.push(path.relative(path.join(repoRoot, 'dist'), path.join(dir, entry.name)));
      }
    };
    walk(path.join(repoRoot, 'dist'));
    const staged = 4;
    assert.ok(files.length + staged <= pack.VSCE_JAVASCRIPT_FILES, `${files.length} + ${staged} JavaScript files: past vsce's ${pack.VSCE_JAVASCRIPT_FILES} (${files.filter((f) => f.includes('/')).slice(0, 20).join(', ')}…)`);
    assert.deepEqual(files.filter((f) => f.startsWith('webviews/')).sort(), readdirSync(path.join(repoRoot, 'webviews'), { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(path.join(repoRoot, 'webviews', d.name, 'main.ts'))).map((d) => `webviews/${d.name}.js`).sort(), 'one file per page, no chunk');
  });

  it('reads the entries of a zip file from its central directory', () => {
    const tree = makeTree({});
    try {
      const zip = path.join(tree.root, 'x.zip');
      writeFileSync(zip, storedZip({ 'extension/one.txt': '1', 'extension/sub/two.txt': '22' }));
      assert.deepEqual(pack.zipEntries(zip), ['extension/one.txt', 'extension/sub/two.txt']);
    } finally {
      tree.remove();
    }
  });
});
