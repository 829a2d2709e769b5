import assert from 'node:assert/strict';
import sharp from 'sharp';
import { canEmbedProfile, embedIccProfile, pngChunk } from '../../../src/engines/blur/iccProfile';
import { patternImage } from '../../blur/fixtures';

/** A real profile (libvips' Display P3), and one made longer than a JPEG segment holds (its declared size patched). */
async function profiles(): Promise<{ p3: Buffer; long: Buffer }> {
  const p3 = (await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } }).withIccProfile('p3').png().toBuffer().then((b) => sharp(b).metadata())).icc!;
  const long = Buffer.concat([p3, Buffer.alloc(150_000 - p3.length, 7)]);
  long.writeUInt32BE(long.length, 0);
  return { p3, long };
}

function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) types.push(png.toString('latin1', at + 4, at + 8));
  return types;
}

function jpegMarkers(jpeg: Buffer): string[] {
  const markers: string[] = [];
  for (let at = 2; at < jpeg.length && jpeg[at + 1] !== 0xda; at += 2 + jpeg.readUInt16BE(at + 2)) markers.push(jpeg[at + 1].toString(16));
  return markers;
}

describe('ICC profile embedding (blur output)', () => {
  const { raw, channels } = patternImage(120, 80);
  const image = () => sharp(raw, { raw: { width: 120, height: 80, channels } });

  it('JPEG: APP2 segments right after SOI; the file decodes to the same pixels and carries the very same profile', async () => {
    const { p3, long } = await profiles();
    const plain = await image().jpeg({ quality: 90 }).toBuffer();
    const plainPixels = await sharp(plain).raw().toBuffer();
    for (const profile of [p3, long]) {
      const out = embedIccProfile(plain, 'jpeg', profile);
      const segments = Math.ceil(profile.length / 65_519);
      assert.deepEqual(jpegMarkers(out).slice(0, segments), Array(segments).fill('e2'));
      const meta = await sharp(out).metadata();
      assert.ok(meta.icc && meta.icc.equals(profile), `the ${profile.length}-byte profile is read back whole (${segments} segment(s))`);
      assert.ok((await sharp(out, { ignoreIcc: true }).raw().toBuffer()).equals(plainPixels), 'pixels unchanged');
    }
  });

  it('JPEG with a JFIF APP0: the profile goes after it', async () => {
    const { p3 } = await profiles();
    const plain = await image().jpeg().toBuffer();
    const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
    const jfif = Buffer.concat([plain.subarray(0, 2), app0, plain.subarray(2)]);
    const out = embedIccProfile(jfif, 'jpeg', p3);
    assert.deepEqual(jpegMarkers(out).slice(0, 2), ['e0', 'e2']);
    assert.ok((await sharp(out).metadata()).icc!.equals(p3));
  });

  it('PNG: an iCCP chunk right after IHDR, valid CRC and zlib data; same pixels, same profile, colour and grey', async () => {
    const { p3 } = await profiles();
    for (const grey of [false, true]) {
      let pipeline = image();
      if (grey) pipeline = pipeline.toColourspace('b-w');
      const plain = await pipeline.png().toBuffer();
      const out = embedIccProfile(plain, 'png', p3);
      assert.deepEqual(pngChunkTypes(out).slice(0, 2), ['IHDR', 'iCCP']);
      const meta = await sharp(out).metadata();
      assert.ok(meta.icc && meta.icc.equals(p3));
      assert.equal(meta.channels, grey ? 1 : 3);
      assert.ok((await sharp(out, { ignoreIcc: true }).raw().toBuffer()).equals(await sharp(plain).raw().toBuffer()), 'pixels unchanged');
    }
  });

  it('pngChunk writes length, type, data and the CRC PNG decoders check', async () => {
    const chunk = pngChunk('tEXt', Buffer.from('Comment\0hello', 'latin1'));
    assert.equal(chunk.readUInt32BE(0), 13);
    assert.equal(chunk.toString('latin1', 4, 8), 'tEXt');
    // CRC-32 of "tEXtComment\0hello", computed independently.
    let crc = 0xffffffff;
    for (const byte of chunk.subarray(4, 21)) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
    assert.equal(chunk.readUInt32BE(21), (crc ^ 0xffffffff) >>> 0);
  });

  it('only JPEG and PNG; anything else, or bytes that are not the format, is refused', async () => {
    const { p3 } = await profiles();
    assert.equal(canEmbedProfile('jpeg'), true);
    assert.equal(canEmbedProfile('png'), true);
    for (const format of ['webp', 'tiff', 'gif', 'avif', 'heif'] as const) assert.equal(canEmbedProfile(format), false);
    assert.throws(() => embedIccProfile(Buffer.from('GIF89a'), 'jpeg', p3), /not a JPEG stream/);
    assert.throws(() => embedIccProfile(Buffer.from('GIF89a'), 'png', p3), /not a PNG stream/);
    assert.throws(() => embedIccProfile(Buffer.alloc(10), 'webp', p3), /cannot embed an ICC profile into WEBP/);
  });
});
