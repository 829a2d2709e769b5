import path from 'node:path';
import sharp from 'sharp';
import type { DecodedImage } from '../../src/engines/blur/image';
import { fixturesDir, repoRoot } from '../helpers';

/**
 * The third-party models and images the blur tests run on, in the repository with their licence and
 * provenance (server/test/fixtures/models/README.md, .../images/README.md). YuNet is the model
 * Archipel ships (models/ at the root), so the tests use that very file.
 */
export const fixtureModel = (name: 'yunet_n_dynamic.onnx' | 'ultraface-version-RFB-320.onnx') =>
  name === 'yunet_n_dynamic.onnx' ? path.join(repoRoot, 'models', name) : path.join(fixturesDir, 'models', name);
export const fixtureImage = (name: 'messi5.jpg' | 'city-crossing.jpg' | 'basketball1.png' | 'licenseplate_motion.jpg') => path.join(fixturesDir, 'images', name);

/** A decoded image of one colour, as readImage would return it. */
export async function solidImage(width: number, height: number, channels: 3 | 4 = 3): Promise<DecodedImage> {
  const data = await sharp({ create: { width, height, channels, background: { r: 90, g: 120, b: 150, alpha: 1 } } }).raw().toBuffer();
  return { data, width, height, channels, hasAlpha: channels === 4, format: 'png', profile: undefined, depth16: false, cmyk: false, grey: channels <= 2, pages: 1, notes: [] };
}

/** An encoded test image: smooth gradients plus a checkerboard, so blurring visibly changes it. */
export function patternImage(width: number, height: number, options: { alpha?: boolean } = {}): { raw: Buffer; channels: 3 | 4 } {
  const channels: 3 | 4 = options.alpha ? 4 : 3;
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * channels;
      const check = ((x >> 2) + (y >> 2)) % 2 === 0 ? 255 : 0;
      raw[p] = check;
      raw[p + 1] = Math.round((x / width) * 255);
      raw[p + 2] = Math.round((y / height) * 255);
      if (options.alpha) raw[p + 3] = x < width / 2 ? 255 : 0;
    }
  }
  return { raw, channels };
}
