import sharp from 'sharp';
import { formatNumber, t } from '../../l10n/t';

/** A per-file problem with a message meant for the user (no stack). */
export class ImageError extends Error {}

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heif';

/** What the header says about an image, before any pixel is decoded. */
export interface ImageHeader {
  format: ImageFormat;
  /** Size as displayed: EXIF orientation applied. */
  width: number;
  height: number;
  hasAlpha: boolean;
  /** The embedded ICC profile the output keeps; pixel values are in that profile's space (not converted). */
  profile: Buffer | undefined;
  /** 16 bits per channel in the file: the output keeps 16 bits. */
  depth16: boolean;
  cmyk: boolean;
  /** Greyscale in the file: decoded to 1 channel (2 with alpha), and the output stays greyscale. */
  grey: boolean;
  /** Frames or pages in the file; only the first is processed. */
  pages: number;
  /** What the user should know about how this file was read (first frame only, CMYK converted, …). */
  notes: string[];
}

/** Decoded pixels (8 bits per channel, EXIF orientation applied) and what the encoder must know: the header's facts. */
export interface DecodedImage extends ImageHeader {
  data: Buffer;
  /** 1–4; the last one is alpha when `hasAlpha`. */
  channels: number;
}

export interface ReadOptions {
  /** Refuse images with more pixels than this before decoding them (decompression bombs). */
  maxPixels: number;
}

function formatOf(format: string | undefined): ImageFormat | undefined {
  switch (format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'tiff':
    case 'avif':
    case 'heif':
      return format;
    case 'jpg':
      return 'jpeg';
    default:
      return undefined;
  }
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}


/**
 * Checks an image file's header: empty, unknown format, pixel limit (before any decoding: a
 * decompression bomb is refused here), frames, CMYK, 16 bits. Failures are ImageErrors whose
 * message says what is wrong with the file.
 */
export async function inspectImage(bytes: Buffer, options: ReadOptions): Promise<ImageHeader> {
  if (bytes.length === 0) throw new ImageError('empty file (0 bytes)');
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageError(`not an image Archipel can read (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF): ${reason(error)}`);
  }
  const format = formatOf(meta.format);
  if (!format) throw new ImageError(t('unsupported image format "{0}" (expected JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIF)', meta.format ?? 'unknown'));
  const stored = { width: meta.width ?? 0, height: meta.pageHeight && meta.pages && meta.pages > 1 ? meta.pageHeight : (meta.height ?? 0) };
  if (stored.width <= 0 || stored.height <= 0) throw new ImageError(t('the image has no pixels (width or height is 0)'));
  if (stored.width * stored.height > options.maxPixels) {
    throw new ImageError(
      t(
        'refused: {0}×{1} = {2} pixels is over the limit of {3} (blur.maxPixels); a file this large is a decompression bomb or needs a higher limit',
        stored.width,
        stored.height,
        formatNumber(stored.width * stored.height),
        formatNumber(options.maxPixels),
      ),
    );
  }
  // Orientations 5–8 turn the image a quarter: displayed width and height swap.
  const turned = (meta.orientation ?? 1) >= 5;
  const notes: string[] = [];
  const pages = meta.pages ?? 1;
  if (pages > 1) {
    notes.push(
      format === 'gif' || format === 'webp'
        ? t('animated {0} with {1} frames: only the first frame was processed; the output is a single image', format.toUpperCase(), pages)
        : format === 'tiff'
          ? t('multi-page {0} with {1} pages: only the first page was processed; the output is a single image', format.toUpperCase(), pages)
          : t('multi-page {0} with {1} pages: only the first frame was processed; the output is a single image', format.toUpperCase(), pages),
    );
  }
  const cmyk = meta.space === 'cmyk';
  if (cmyk) notes.push(t('CMYK image: converted to sRGB for detection and output'));
  const depth16 = meta.depth === 'ushort' || meta.depth === 'short';
  if (depth16) notes.push(t('16-bit image: detection and the blur effect work in 8 bits; the output keeps 16 bits per channel'));
  return {
    format,
    width: turned ? stored.height : stored.width,
    height: turned ? stored.width : stored.height,
    hasAlpha: !!meta.hasAlpha,
    // Keep the embedded profile's pixel values as they are (no conversion to sRGB) so the output
    // can carry the same profile; CMYK is the exception: it is converted.
    profile: cmyk ? undefined : meta.icc,
    depth16,
    cmyk,
    grey: meta.space === 'b-w' || meta.space === 'grey16',
    pages,
    notes,
  };
}

/**
 * Decodes the first frame at 8 bits per channel, EXIF orientation applied. Greyscale stays one
 * channel (two with alpha): three identical channels would triple the work of every later step
 * and turn a grey file into a colour one.
 */
export async function decodeImage(bytes: Buffer, header: ImageHeader, options: ReadOptions): Promise<DecodedImage> {
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    let pipeline = sharp(bytes, { limitInputPixels: options.maxPixels, pages: 1, page: 0, autoOrient: true, ignoreIcc: header.profile !== undefined, failOn: 'error' });
    // sharp writes raw greyscale as its first band only: without alpha that is the image itself;
    // with alpha it decodes as RGBA and the grey and alpha bands are taken below.
    if (header.grey && !header.hasAlpha) pipeline = pipeline.toColourspace('b-w');
    decoded = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ImageError(`corrupt or truncated ${header.format.toUpperCase()} file: ${reason(error)}`);
  }
  const { info } = decoded;
  let { data } = decoded;
  let channels = info.channels;
  if (header.grey && channels === 4) {
    data = greyAlphaOf(data);
    channels = 2;
  }
  return {
    ...header,
    data,
    width: info.width,
    height: info.height,
    channels,
    hasAlpha: channels === 2 || channels === 4,
  };
}

/** The grey and alpha bands of RGBA pixels whose R, G and B are equal. */
function greyAlphaOf(rgba: Buffer): Buffer {
  const out = Buffer.allocUnsafe(rgba.length / 2);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 2) {
    out[o] = rgba[i];
    out[o + 1] = rgba[i + 3];
  }
  return out;
}

/** Header checks, then one decode. */
export async function readImage(bytes: Buffer, options: ReadOptions): Promise<DecodedImage> {
  return decodeImage(bytes, await inspectImage(bytes, options), options);
}

export interface EncodeOptions {
  format: ImageFormat;
  /** JPEG/WebP/AVIF/HEIF quality (1–100). */
  quality: number;
  /** PNG zlib level (0–9). */
  pngCompression: number;
  /** Keep EXIF, XMP, IPTC (GPS included): off by default. */
  keepMetadata: boolean;
}

/** Applies the output format and its options to a pipeline. */
export function withFormat(pipeline: sharp.Sharp, options: EncodeOptions): sharp.Sharp {
  switch (options.format) {
    case 'jpeg':
      // No Huffman optimisation pass, as libjpeg and OpenCV do by default: it triples the encode
      // time for files about 15 % smaller.
      return pipeline.jpeg({ quality: options.quality, optimiseCoding: false });
    case 'png':
      return pipeline.png({ compressionLevel: options.pngCompression });
    case 'webp':
      return pipeline.webp({ quality: options.quality });
    case 'gif':
      return pipeline.gif();
    case 'tiff':
      return pipeline.tiff({ quality: options.quality });
    case 'avif':
      return pipeline.avif({ quality: options.quality });
    case 'heif':
      return pipeline.heif({ quality: options.quality, compression: 'av1' });
  }
}
