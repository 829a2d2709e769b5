import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { runCli as run } from '../../cliRun';
import { patternImage } from '../../blur/fixtures';
import { centreFaceModel } from '../../blur/onnxModels';
import { makeTree } from '../../tempdir';
import { repoRoot } from '../../helpers';


async function png(file: string, width: number, height: number): Promise<void> {
  const { raw, channels } = patternImage(width, height);
  await sharp(raw, { raw: { width, height, channels } }).png().toFile(file);
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('archipel blur (CLI)', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(async () => {
    tree = makeTree({ 'photos/broken.jpg': 'not a jpeg', 'photos/readme.txt': 'skipped: not an image' });
    centreFaceModel(tree.root);
    await png(path.join(tree.root, 'photos', 'a.png'), 120, 80);
    mkdirSync(path.join(tree.root, 'photos', 'sub'));
    await png(path.join(tree.root, 'photos', 'sub', 'b.png'), 40, 40);
  });
  afterEach(() => tree.remove());

  it('--format json prints exactly the documented shape; exit 1 after processing the others when one fails', async () => {
    const before = sha(path.join(tree.root, 'photos', 'a.png'));
    const { code, out } = await run(['blur', 'photos', '--face-model', 'centre-face.onnx', '--format', 'json'], tree.root);
    assert.equal(code, 1);
    const results = JSON.parse(out) as Record<string, unknown>[];
    assert.deepEqual(
      results.map((r) => Object.keys(r)),
      [
        ['file', 'output', 'width', 'height', 'detections', 'ms'],
        ['file', 'width', 'height', 'detections', 'ms', 'error'],
        ['file', 'output', 'width', 'height', 'detections', 'ms'],
      ],
    );
    const [a, broken, b] = results;
    assert.deepEqual({ ...a, ms: 0 }, {
      file: path.join('photos', 'a.png'),
      output: path.join('photos', 'a.blurred.png'),
      width: 120,
      height: 80,
      detections: [{ class: 'face', score: 0.95, box: [30, 20, 90, 60] }],
      ms: 0,
    });
    assert.equal(typeof a.ms, 'number');
    assert.deepEqual({ ...broken, ms: 0 }, { file: path.join('photos', 'broken.jpg'), width: null, height: null, detections: [], ms: 0, error: broken.error });
    assert.match(String(broken.error), /not an image Archipel can read/);
    assert.equal(b.output, path.join('photos', 'sub', 'b.blurred.png'));
    assert.ok(existsSync(path.join(tree.root, 'photos', 'a.blurred.png')));
    assert.equal(sha(path.join(tree.root, 'photos', 'a.png')), before);
  });

  it('as its own process (blurCli.js, ended without Node\'s teardown): every output written and the whole report printed before the exit status', async () => {
    // The same job in this process, as the reference.
    const reference = await run(['blur', 'photos', '--face-model', 'centre-face.onnx', '--out', 'ref', '--format', 'json'], tree.root);
    assert.equal(reference.code, 1);
    const child = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'server', 'cli.js'), 'blur', 'photos', '--face-model', 'centre-face.onnx', '--out', 'out', '--format', 'json'], {
      cwd: tree.root,
      encoding: 'utf8',
      env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off' },
    });
    assert.equal(child.status, 1, child.stderr);
    type Row = { file: string; output?: string; error?: string; ms: number };
    const rows = (json: string, folder: string) => (JSON.parse(json) as Row[]).map((r) => ({ ...r, ms: 0, output: r.output && path.relative(folder, r.output) }));
    const results = rows(child.stdout, 'out');
    assert.deepEqual(results, rows(reference.out, 'ref'));
    assert.deepEqual(results.map((r) => Boolean(r.error)), [false, true, false]);
    for (const r of results.filter((x) => x.output)) assert.equal(sha(path.join(tree.root, 'out', r.output!)), sha(path.join(tree.root, 'ref', r.output!)), r.output);
    assert.deepEqual(readdirSync(path.join(tree.root, 'out')).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('--detect-only reports the boxes and writes nothing', async () => {
    const { code, out, err } = await run(['blur', 'photos/a.png', '--detect-only', '--face-model', 'centre-face.onnx'], tree.root);
    assert.equal(code, 0);
    assert.match(out, /^photos\/a\.png: 1 region\(s\) \(face 1\) \(\d+ ms\)\n {2}face 0\.95 \[30, 20, 90, 60\]\n$/);
    assert.match(err, /1 image\(s\), 1 region\(s\) \(face 1\), \d+ ms per image, 0 failed\./);
    assert.deepEqual(readdirSync(path.join(tree.root, 'photos')).sort(), ['a.png', 'broken.jpg', 'readme.txt', 'sub']);
    const json = JSON.parse((await run(['blur', 'photos/a.png', '--detect-only', '--face-model', 'centre-face.onnx', '--format', 'json'], tree.root)).out);
    assert.deepEqual(Object.keys(json[0]), ['file', 'width', 'height', 'detections', 'ms']);
  });

  it('reads the nearest archipel.yaml (paths relative to it), or --config; --out overrides it', async () => {
    writeFileSync(path.join(tree.root, 'archipel.yaml'), 'blur:\n  faceModel: centre-face.onnx\n  outputFolder: anonymised\n  suffix: .anon\n');
    const { code } = await run(['blur', 'a.png'], path.join(tree.root, 'photos'));
    assert.equal(code, 0);
    assert.ok(existsSync(path.join(tree.root, 'anonymised', 'a.anon.png')));
    const elsewhere = await run(['blur', 'photos/a.png', '--out', 'elsewhere'], tree.root);
    assert.equal(elsewhere.code, 0);
    assert.ok(existsSync(path.join(tree.root, 'elsewhere', 'a.anon.png')));

    writeFileSync(path.join(tree.root, 'bad.yaml'), 'blur:\n  method: blurry\n');
    const bad = await run(['blur', 'photos/a.png', '--config', 'bad.yaml'], tree.root);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad\.yaml: blur\.method must be equal to one of the allowed values/);
  });

  it('usage errors exit 2: unknown format, missing path', async () => {
    assert.equal((await run(['blur', 'photos', '--format', 'xml'], tree.root)).code, 2);
    assert.equal((await run(['blur', 'nowhere'], tree.root)).code, 2);
  });

  it('blurs the example\'s photo out of the box: no configuration, no download, the face model Archipel ships', async () => {
    const example = path.join(repoRoot, 'examples', 'portfolio', 'anonymiser');
    mkdirSync(path.join(tree.root, 'bare'));
    copyFileSync(path.join(example, 'samples', 'crossing.jpg'), path.join(tree.root, 'bare', 'crossing.jpg'));
    const bare = await run(['blur', 'bare', '--format', 'json'], tree.root);
    assert.equal(bare.code, 0, bare.err);
    const [result] = JSON.parse(bare.out) as { output: string; detections: { class: string }[] }[];
    assert.ok(result.detections.filter((d) => d.class === 'face').length >= 5, `${result.detections.length} faces`);
    assert.ok(existsSync(path.join(tree.root, result.output)));
    // The example as it is: its archipel.yaml names no face model either.
    cpSync(example, path.join(tree.root, 'anonymiser'), { recursive: true, filter: (src) => !src.includes(`${path.sep}anonymised`) });
    const configured = await run(['blur', 'anonymiser/samples', '--format', 'json'], tree.root);
    assert.equal(configured.code, 0, configured.err);
    const [blurred] = JSON.parse(configured.out) as { output: string; detections: unknown[] }[];
    assert.equal(blurred.output, path.join('anonymiser', 'anonymised', 'crossing.blurred.jpg'));
    assert.ok(blurred.detections.length >= 5);
  });
});
