import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { resolveConfig, type BlurSection } from '../../../src/engines/blur/config';
import { pngChunk } from '../../../src/engines/blur/iccProfile';
import { runJob, type FileResult, type JobOptions } from '../../../src/engines/blur/job';
import { readSidecar, sidecarPath, writeSidecar } from '../../../src/engines/blur/sidecar';
import { fixtureImage, fixtureModel, patternImage } from '../../blur/fixtures';
import { centreFaceModel, writeTinyModel } from '../../blur/onnxModels';
import { makeTree } from '../../tempdir';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function pattern(file: string, width: number, height: number, encode: (s: sharp.Sharp) => sharp.Sharp = (s) => s, alpha = false): Promise<string> {
  const { raw, channels } = patternImage(width, height, { alpha });
  await encode(sharp(raw, { raw: { width, height, channels } })).toFile(file);
  return file;
}

/** A PNG header claiming 100 000 × 100 000 pixels, with a few bytes of data: a decompression bomb's shape. */
function bombPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), pngChunk('IEND', Buffer.alloc(0))]);
}

describe('blur jobs', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  let model: string;
  beforeEach(() => {
    tree = makeTree({});
    model = centreFaceModel(tree.root);
  });
  afterEach(() => tree.remove());

  const config = (values: BlurSection = {}) => resolveConfig([{ origin: 'test', baseDir: tree.root, values: { faceModel: model, ...values } }]);
  const blur = (files: string[], values: BlurSection = {}, options: Partial<JobOptions> = {}) =>
    runJob(
      files.map((file) => ({ file, config: config(values) })),
      { mode: 'blur', source: 'model', writeSidecar: false, ...options },
    );
  const only = async (file: string, values: BlurSection = {}, options: Partial<JobOptions> = {}): Promise<FileResult> => {
    const { results } = await blur([file], values, options);
    assert.equal(results.length, 1);
    return results[0];
  };

  it('writes <name>.blurred.<ext> next to the original, blurring the region only, leaving the original untouched', async () => {
    const input = await pattern(path.join(tree.root, 'photo.png'), 200, 100);
    const before = sha(input);
    const result = await only(input, { shape: 'box', grow: 1 });
    assert.equal(result.error, undefined);
    assert.equal(result.output, path.join(tree.root, 'photo.blurred.png'));
    assert.deepEqual([result.width, result.height], [200, 100]);
    assert.deepEqual(result.regions, [{ class: 'face', score: 0.95, box: [50, 25, 150, 75], source: 'model' }]);
    assert.equal(sha(input), before, 'the original changed');
    const original = await sharp(input).raw().toBuffer();
    const output = await sharp(result.output).raw().toBuffer();
    let inside = 0;
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 200; x++) {
        const i = (y * 200 + x) * 3;
        const within = x >= 50 && x < 150 && y >= 25 && y < 75;
        if (within) inside += output[i] !== original[i] ? 1 : 0;
        else assert.equal(output[i], original[i], `outside pixel ${x},${y} changed`);
      }
    }
    assert.ok(inside > 4000, `only ${inside} pixels changed inside the region`);
    for (const key of ['decode', 'detect', 'render', 'encode'] as const) assert.ok(result.stages[key] >= 0);
  });

  it('never overwrites: an existing output gets a sibling name; a folder keeps the layout below the root', async () => {
    const input = await pattern(path.join(tree.root, 'a.jpg'), 64, 64, (s) => s.jpeg());
    writeFileSync(path.join(tree.root, 'a.blurred.jpg'), 'mine');
    const result = await only(input);
    assert.equal(result.output, path.join(tree.root, 'a.blurred-2.jpg'));
    assert.equal(readFileSync(path.join(tree.root, 'a.blurred.jpg'), 'utf8'), 'mine');

    mkdirSync(path.join(tree.root, 'in', 'sub'), { recursive: true });
    const nested = await pattern(path.join(tree.root, 'in', 'sub', 'b.png'), 32, 32);
    const { results } = await runJob([{ file: nested, root: path.join(tree.root, 'in'), config: config({ outputFolder: 'out' }) }], { mode: 'blur', source: 'model', writeSidecar: false });
    assert.equal(results[0].output, path.join(tree.root, 'out', 'sub', 'b.blurred.png'));
    // No temporary file is left behind.
    assert.deepEqual(readdirSync(path.join(tree.root, 'out', 'sub')), ['b.blurred.png']);
  });

  it('gives each bad file a clear error and processes the others; no input is modified', async () => {
    const dir = tree.root;
    const good = await pattern(path.join(dir, 'good.png'), 64, 48);
    const empty = path.join(dir, 'empty.jpg');
    writeFileSync(empty, '');
    const text = path.join(dir, 'notes.png');
    writeFileSync(text, 'this is not an image\n');
    const full = readFileSync(fixtureImage('messi5.jpg'));
    const truncated = path.join(dir, 'truncated.jpg');
    writeFileSync(truncated, full.subarray(0, Math.floor(full.length / 2)));
    const corrupt = path.join(dir, 'corrupt.png');
    const png = readFileSync(good);
    writeFileSync(corrupt, Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 0x5a)]));
    const bomb = path.join(dir, 'bomb.png');
    writeFileSync(bomb, bombPng());
    const files = [good, empty, text, truncated, corrupt, bomb];
    const hashes = files.map(sha);

    const { results } = await blur(files);
    const byName = Object.fromEntries(results.map((r) => [path.basename(r.file), r]));
    assert.equal(byName['good.png'].error, undefined);
    assert.ok(byName['good.png'].output);
    assert.match(byName['empty.jpg'].error ?? '', /^empty file/);
    assert.match(byName['notes.png'].error ?? '', /^not an image Archipel can read/);
    assert.match(byName['truncated.jpg'].error ?? '', /^corrupt or truncated JPEG file/);
    assert.match(byName['corrupt.png'].error ?? '', /corrupt or truncated PNG file|not an image/);
    assert.match(byName['bomb.png'].error ?? '', /^refused: 100000×100000 = 10,000,000,000 pixels is over the limit of 100,000,000 \(blur\.maxPixels\)/);
    assert.deepEqual(files.map(sha), hashes, 'an input file was modified');
    for (const r of results) if (r.error) assert.equal(r.output, undefined);
  });

  it('reads the first frame of an animated GIF and a multi-page TIFF, and says so; CMYK and 16-bit too', async () => {
    const dir = tree.root;
    const frame = (negate: boolean) => sharp(fixtureImage('messi5.jpg')).resize(80).negate(negate).png().toBuffer();
    const frames = [await frame(false), await frame(true)];
    const gif = path.join(dir, 'anim.gif');
    await sharp(frames, { join: { animated: true } }).gif().toFile(gif);
    const tiff = path.join(dir, 'pages.tiff');
    await sharp(frames, { join: { animated: true } }).tiff().toFile(tiff);
    const cmyk = path.join(dir, 'cmyk.jpg');
    await sharp(fixtureImage('messi5.jpg')).toColourspace('cmyk').jpeg().toFile(cmyk);
    const deep = path.join(dir, 'deep.png');
    await sharp(fixtureImage('messi5.jpg')).toColourspace('rgb16').png().toFile(deep);

    const { results } = await blur([gif, tiff, cmyk, deep]);
    const [g, t, c, d] = results;
    for (const r of results) assert.equal(r.error, undefined, `${r.file}: ${r.error}`);
    assert.match(g.notes.join(), /animated GIF with 2 frames: only the first frame was processed/);
    assert.match(t.notes.join(), /multi-page TIFF with 2 pages: only the first page was processed/);
    assert.match(c.notes.join(), /CMYK image: converted to sRGB/);
    assert.match(d.notes.join(), /16-bit image/);
    const gifOut = await sharp(g.output).metadata();
    assert.equal(gifOut.pages ?? 1, 1);
    assert.equal((await sharp(c.output).metadata()).space, 'srgb');
    const deepOut = await sharp(d.output).metadata();
    assert.deepEqual([deepOut.depth, deepOut.channels], ['ushort', 3], 'the 16-bit RGB PNG stays 16-bit RGB');
  });

  it('16 bits stay 16 bits: outside the regions every 16-bit value is the file\'s, with its colour profile', async () => {
    const input = await sixteen(path.join(tree.root, 'deep-p3.png'), 3, (s) => s.withIccProfile('p3'));
    const inputMeta = await sharp(input).metadata();
    assert.deepEqual([inputMeta.depth, inputMeta.channels, !!inputMeta.icc], ['ushort', 3, true]);
    const result = await only(input, { shape: 'box' });
    assert.equal(result.error, undefined, result.error);
    const outMeta = await sharp(result.output).metadata();
    assert.ok(outMeta.icc && Buffer.compare(outMeta.icc, inputMeta.icc!) === 0, 'the same profile');
    const values = async (file: string) => {
      const raw = await sharp(file, { ignoreIcc: true }).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer();
      return new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2);
    };
    const a = await values(input);
    const b = await values(result.output!);
    let outside = 0;
    let inside = 0;
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 200; x++) {
        const p = (y * 200 + x) * 3;
        const inRegion = x >= 40 && x < 160 && y >= 20 && y < 80;
        for (let c = 0; c < 3; c++) {
          if (!inRegion && a[p + c] !== b[p + c]) outside++;
          if (inRegion && Math.abs(a[p + c] - b[p + c]) > 8 * 257) inside++;
        }
      }
    }
    assert.equal(outside, 0, 'values outside the region changed');
    assert.ok(inside > 1000, `the face is blurred (${inside} values changed)`);
  });

  /** A 16-bit PNG of the pattern over the whole 16-bit range (the low byte varies too), with `channels` 1 or 3. */
  async function sixteen(file: string, channels: 1 | 3, encode: (s: sharp.Sharp) => sharp.Sharp = (s) => s): Promise<string> {
    const { raw, channels: from } = patternImage(200, 100);
    const data = new Uint16Array(200 * 100 * channels);
    for (let i = 0; i < 200 * 100; i++) for (let c = 0; c < channels; c++) data[i * channels + c] = raw[i * from + (channels === 1 ? 0 : c)] * 257 ^ (i % 97);
    await encode(sharp(data, { raw: { width: 200, height: 100, channels } }).toColourspace(channels === 1 ? 'grey16' : 'rgb16')).png().toFile(file);
    return file;
  }

  it('greyscale stays greyscale: 8-bit, 16-bit, with alpha and JPEG; the face is blurred, the rest untouched', async () => {
    const grey = (name: string, encode: (s: sharp.Sharp) => sharp.Sharp, alpha = false) => pattern(path.join(tree.root, name), 200, 100, (s) => encode(s.toColourspace('b-w')), alpha);
    const files = [
      await grey('g8.png', (s) => s.png()),
      await grey('ga.png', (s) => s.png(), true),
      await sixteen(path.join(tree.root, 'g16.png'), 1),
      await grey('g.jpg', (s) => s.jpeg({ quality: 95 })),
    ];
    const expected = [
      { space: 'b-w', channels: 1, depth: 'uchar' },
      { space: 'b-w', channels: 2, depth: 'uchar' },
      { space: 'grey16', channels: 1, depth: 'ushort' },
      { space: 'b-w', channels: 1, depth: 'uchar' },
    ];
    for (const [i, file] of files.entries()) {
      const input = await sharp(file).metadata();
      assert.deepEqual({ space: input.space, channels: input.channels, depth: input.depth }, expected[i], `${file}: the input is what the test means`);
    }
    const { results } = await blur(files, { shape: 'box' });
    for (const [i, r] of results.entries()) {
      assert.equal(r.error, undefined, `${r.file}: ${r.error}`);
      assert.deepEqual(r.regions.map((d) => d.box), [[50, 25, 150, 75]]);
      const out = await sharp(r.output).metadata();
      assert.deepEqual({ space: out.space, channels: out.channels, depth: out.depth }, expected[i], `${r.file}: the output keeps the input's colour type`);
      // Inside the box the pattern is smoothed; far from it (lossless files) nothing moved.
      const samples = async (file: string) => {
        if (expected[i].depth === 'uchar') return sharp(file).extractChannel(0).raw().toBuffer();
        const raw = await sharp(file).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer();
        return new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2);
      };
      const a = await samples(r.file);
      const b = await samples(r.output!);
      let changed = 0;
      for (let y = 35; y < 65; y++) for (let x = 70; x < 130; x++) changed += Math.abs(a[y * 200 + x] - b[y * 200 + x]) > 8 * (expected[i].depth === 'uchar' ? 1 : 257) ? 1 : 0;
      assert.ok(changed > 300, `${r.file}: the face is blurred (${changed} pixels changed)`);
      if (!r.file.endsWith('.jpg')) for (let x = 0; x < 200; x++) assert.equal(b[5 * 200 + x], a[5 * 200 + x], `${r.file}: pixel (${x}, 5) outside the region changed`);
    }
    const alphaIn = await sharp(files[1]).extractChannel('alpha').raw().toBuffer();
    const alphaOut = await sharp(results[1].output).extractChannel('alpha').raw().toBuffer();
    assert.ok(alphaIn.equals(alphaOut), 'grey + alpha: the alpha channel is kept as it was');
  });

  it('a model that is not ONNX, or has an unknown layout, fails each file with a clear message', async () => {
    const image = await pattern(path.join(tree.root, 'x.png'), 32, 32);
    const notOnnx = path.join(tree.root, 'model.onnx');
    copyFileSync(fixtureImage('messi5.jpg'), notOnnx);
    const bad = await only(image, { faceModel: notOnnx });
    assert.match(bad.error ?? '', /model model\.onnx: not an ONNX model/);
    const classifier = writeTinyModel(path.join(tree.root, 'classifier.onnx'), { outputs: [{ name: 'probs', dims: [1, 3], data: new Float32Array(3) }] });
    const unknown = await only(image, { faceModel: classifier });
    assert.match(unknown.error ?? '', /Unknown output layout.*probs \[1, 3\]/);
    const none = await runJob([{ file: image, config: resolveConfig([]) }], { mode: 'detect', source: 'model', writeSidecar: false });
    assert.match(none.results[0].error ?? '', /no detection model configured/);
    assert.equal(existsSync(path.join(tree.root, 'x.blurred.png')), false);
  });

  it('applies EXIF orientation before detection and writes the image as displayed, orientation tag gone', async () => {
    // Stored 100×60, displayed 60×100 (orientation 6 = rotate 90° clockwise).
    const input = await pattern(path.join(tree.root, 'rotated.jpg'), 100, 60, (s) => s.withMetadata({ orientation: 6 }).jpeg());
    assert.equal((await sharp(input).metadata()).orientation, 6);
    const result = await only(input);
    assert.deepEqual([result.width, result.height], [60, 100]);
    assert.deepEqual(result.regions[0].box, [15, 25, 45, 75]);
    const meta = await sharp(result.output).metadata();
    assert.deepEqual([meta.width, meta.height, meta.orientation], [60, 100, undefined]);
  });

  it('strips metadata (GPS included) unless keepMetadata; keeps the colour profile and the alpha channel', async () => {
    const gps = { IFD0: { Copyright: 'someone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100' } };
    const input = await pattern(path.join(tree.root, 'gps.jpg'), 80, 80, (s) => s.withExif(gps).withIccProfile('p3').jpeg());
    const inputMeta = await sharp(input).metadata();
    assert.ok(inputMeta.exif && inputMeta.icc);
    const stripped = await sharp((await only(input)).output).metadata();
    assert.equal(stripped.exif, undefined, 'EXIF (with GPS) must be stripped by default');
    assert.ok(stripped.icc, 'the ICC profile is kept');
    assert.ok(Buffer.compare(stripped.icc, inputMeta.icc) === 0, 'the very same profile');
    const kept = await sharp((await only(input, { keepMetadata: true })).output).metadata();
    assert.ok(kept.exif, 'keepMetadata keeps EXIF');
    assert.ok(kept.exif.includes(Buffer.from('someone')), 'with its content');
    assert.ok(kept.icc);

    // A PNG with a profile: written from the one decode, the same profile, the file's own values outside the region.
    const profiled = await pattern(path.join(tree.root, 'p3.png'), 200, 100, (s) => s.withIccProfile('p3').png());
    const profiledOut = (await only(profiled, { shape: 'box' })).output!;
    assert.ok((await sharp(profiledOut).metadata()).icc!.equals((await sharp(profiled).metadata()).icc!));
    const stored = (file: string) => sharp(file, { ignoreIcc: true }).raw().toBuffer();
    const [before, after] = [await stored(profiled), await stored(profiledOut)];
    for (let x = 0; x < 200; x++) assert.equal(after[(5 * 200 + x) * 3], before[(5 * 200 + x) * 3], `pixel (${x}, 5) outside the region changed`);
    assert.notEqual(after.subarray((50 * 200 + 60) * 3, (50 * 200 + 140) * 3).compare(before.subarray((50 * 200 + 60) * 3, (50 * 200 + 140) * 3)), 0, 'the region is blurred');

    const rgba = await pattern(path.join(tree.root, 'alpha.png'), 80, 40, (s) => s.png(), true);
    const out = (await only(rgba, { shape: 'box' })).output!;
    const a = await sharp(rgba).raw().toBuffer({ resolveWithObject: true });
    const b = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    assert.equal(b.info.channels, 4);
    for (let i = 3; i < a.data.length; i += 4) assert.equal(b.data[i], a.data[i], 'alpha changed');
  });

  it('detect writes a sidecar; a re-detection keeps the user\'s added and removed boxes; Apply blurs exactly the sidecar', async () => {
    const input = await pattern(path.join(tree.root, 'p.png'), 200, 100);
    const first = await only(input, {}, { mode: 'detect', writeSidecar: true });
    assert.equal(first.sidecar, sidecarPath(input));
    assert.equal(first.output, undefined);
    const sidecar = (await readSidecar(input))!;
    assert.deepEqual(sidecar.regions, [{ class: 'face', score: 0.95, box: [50, 25, 150, 75], source: 'model' }]);
    assert.equal(sidecar.image, 'p.png');

    // The user removes the model's box and draws another.
    await writeSidecar(input, { ...sidecar, regions: [{ class: 'face', score: 1, box: [0, 0, 20, 20], source: 'user' }], removed: [sidecar.regions[0]] });
    const again = await only(input, {}, { mode: 'detect', writeSidecar: true });
    assert.deepEqual(again.regions, [{ class: 'face', score: 1, box: [0, 0, 20, 20], source: 'user' }]);

    const applied = await runJob([{ file: input, config: resolveConfig([]) }], { mode: 'blur', source: 'sidecar', writeSidecar: false });
    assert.equal(applied.results[0].error, undefined);
    const out = await sharp(applied.results[0].output).raw().toBuffer();
    const original = await sharp(input).raw().toBuffer();
    assert.equal(out[(50 * 200 + 100) * 3], original[(50 * 200 + 100) * 3], 'the removed box is not blurred');
    let changed = 0;
    for (let y = 2; y < 18; y++) for (let x = 2; x < 18; x++) changed += out[(y * 200 + x) * 3] !== original[(y * 200 + x) * 3] ? 1 : 0;
    assert.ok(changed > 50, 'the drawn box is blurred');

    const missing = await pattern(path.join(tree.root, 'q.png'), 10, 10);
    const noSidecar = await runJob([{ file: missing, config: resolveConfig([]) }], { mode: 'blur', source: 'sidecar', writeSidecar: false });
    assert.match(noSidecar.results[0].error ?? '', /no q\.detections\.json next to the image: run Detect first/);
  });

  it('with a sidecar folder (the preview panel), keeps its sidecar there and writes nothing beside the image', async () => {
    const folder = path.join(tree.root, 'preview-in');
    mkdirSync(folder);
    const input = await pattern(path.join(folder, 'r.png'), 200, 100);
    const cache = path.join(tree.root, 'storage', 'blur-preview');
    const first = await only(input, {}, { mode: 'detect', writeSidecar: true, sidecarFolder: cache });
    assert.equal(first.sidecar, sidecarPath(input, cache));
    assert.equal(path.dirname(first.sidecar), cache);
    assert.deepEqual(readdirSync(folder), ['r.png'], 'nothing written beside the image');
    // The user's edits, saved in the cache, carry into the next detection and into Apply.
    const sidecar = (await readSidecar(input, cache))!;
    await writeSidecar(input, { ...sidecar, regions: [{ class: 'face', score: 1, box: [0, 0, 20, 20], source: 'user' }], removed: [sidecar.regions[0]] }, cache);
    const again = await only(input, {}, { mode: 'detect', writeSidecar: true, sidecarFolder: cache });
    assert.deepEqual(again.regions, [{ class: 'face', score: 1, box: [0, 0, 20, 20], source: 'user' }]);
    assert.deepEqual(readdirSync(folder), ['r.png']);
  });

  it('stops between files when cancelled, reporting the files done', async () => {
    const files = await Promise.all([1, 2, 3, 4].map((n) => pattern(path.join(tree.root, `${n}.png`), 16, 16)));
    let calls = 0;
    const { results, cancelled } = await blur(files, {}, { concurrency: 1, isCancelled: () => calls++ >= 2 });
    assert.equal(cancelled, true);
    assert.equal(results.length, 2);
  });

  it('runs the real YuNet model on a copy of city-crossing.jpg', async () => {
    const input = path.join(tree.root, 'city.jpg');
    copyFileSync(fixtureImage('city-crossing.jpg'), input);
    const result = await only(input, { faceModel: fixtureModel('yunet_n_dynamic.onnx') });
    assert.equal(result.error, undefined);
    assert.ok(result.regions.length >= 15);
    assert.deepEqual(result.models, [{ file: 'yunet_n_dynamic.onnx', layout: 'yunet' }]);
  });
});
