import sharp from 'sharp';
import type { DecodedImage } from './image';

/** A small rendering of an image for the panel, base64-encoded. */
export interface Preview {
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  original: string;
  result: string;
}

/**
 * Downscales decoded pixels (or an encoded image) to at most `size` pixels on the longer side:
 * PNG when there is transparency to show, JPEG otherwise. `result` is left empty for the caller.
 */
export async function previewOf(source: DecodedImage | Buffer, size: number, alpha?: boolean): Promise<Preview> {
  const isRaw = !Buffer.isBuffer(source);
  const hasAlpha = isRaw ? source.hasAlpha : !!alpha;
  let pipeline = isRaw
    ? sharp(source.data, { raw: { width: source.width, height: source.height, channels: source.channels as 1 | 2 | 3 | 4 } })
    : sharp(source, { pages: 1, page: 0 });
  pipeline = pipeline.resize(size, size, { fit: 'inside', withoutEnlargement: true });
  const { data, info } = await (hasAlpha ? pipeline.png() : pipeline.jpeg({ quality: 85 })).toBuffer({ resolveWithObject: true });
  return { mime: hasAlpha ? 'image/png' : 'image/jpeg', width: info.width, height: info.height, original: data.toString('base64'), result: '' };
}
