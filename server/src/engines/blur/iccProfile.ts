import { crc32, deflateSync } from 'node:zlib';
import type { ImageFormat } from './image';

/**
 * An input's ICC profile put into an image encoded without it, so that pixels kept in the
 * profile's space (decoded without conversion) go out with their profile after one decode and one
 * encode, instead of a second decode of the original in a pipeline that keeps the profile. Written
 * where libvips itself writes it: APP2 `ICC_PROFILE` segments right after the JPEG's SOI (and its
 * JFIF APP0, when there is one), an `iCCP` chunk named "icc" right after the PNG's IHDR.
 */

/** The formats whose encoded bytes can take a profile here (the others go through libvips). */
export function canEmbedProfile(format: ImageFormat): boolean {
  return (format === 'jpeg' || format === 'png') && typeof crc32 === 'function';
}

const JPEG_SIGNATURE = 'ICC_PROFILE\0';
/** A JPEG segment holds 65,533 bytes after its length; the ICC header takes 14 of them. */
const JPEG_CHUNK = 65_533 - JPEG_SIGNATURE.length - 2;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data and the CRC of type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

function embedJpeg(encoded: Buffer, profile: Buffer): Buffer {
  if (encoded[0] !== 0xff || encoded[1] !== 0xd8) throw new Error('not a JPEG stream (no SOI marker)');
  let at = 2;
  // JFIF wants its APP0 first.
  if (encoded[at] === 0xff && encoded[at + 1] === 0xe0) at += 2 + encoded.readUInt16BE(at + 2);
  const count = Math.ceil(profile.length / JPEG_CHUNK);
  if (count > 255) throw new Error(`ICC profile of ${profile.length} bytes is too large for JPEG (255 segments)`);
  const segments: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const part = profile.subarray(i * JPEG_CHUNK, (i + 1) * JPEG_CHUNK);
    const head = Buffer.alloc(4 + JPEG_SIGNATURE.length + 2);
    head.writeUInt16BE(0xffe2, 0);
    head.writeUInt16BE(2 + JPEG_SIGNATURE.length + 2 + part.length, 2);
    head.write(JPEG_SIGNATURE, 4, 'latin1');
    head[4 + JPEG_SIGNATURE.length] = i + 1;
    head[5 + JPEG_SIGNATURE.length] = count;
    segments.push(head, part);
  }
  return Buffer.concat([encoded.subarray(0, at), ...segments, encoded.subarray(at)]);
}

function embedPng(encoded: Buffer, profile: Buffer): Buffer {
  if (encoded.length < 33 || !encoded.subarray(0, 8).equals(PNG_SIGNATURE) || encoded.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG stream (no signature and IHDR)');
  }
  const afterHeader = 8 + 12 + encoded.readUInt32BE(8);
  // Name "icc", NUL, compression method 0 (zlib), the compressed profile.
  const iccp = pngChunk('iCCP', Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(profile)]));
  return Buffer.concat([encoded.subarray(0, afterHeader), iccp, encoded.subarray(afterHeader)]);
}

/** `encoded` (JPEG or PNG, written without a profile) with `profile` embedded. */
export function embedIccProfile(encoded: Buffer, format: ImageFormat, profile: Buffer): Buffer {
  switch (format) {
    case 'jpeg':
      return embedJpeg(encoded, profile);
    case 'png':
      return embedPng(encoded, profile);
    default:
      throw new Error(`cannot embed an ICC profile into ${format.toUpperCase()} here`);
  }
}
