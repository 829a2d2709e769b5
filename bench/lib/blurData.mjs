// Images for the blur benchmarks, generated once into bench/.data/blur/ from the test fixtures
// (server/test/fixtures/images and models, with their licences): the originals and 2-megapixel versions.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { dataDir, repoRoot } from './fixtures.mjs';

const require = createRequire(import.meta.url);
const sharp = require('sharp');

const fixtures = path.join(repoRoot, 'server', 'test', 'fixtures');
export const ultraface = path.join(fixtures, 'models', 'ultraface-version-RFB-320.onnx');
export const yunet = path.join(repoRoot, 'models', 'yunet_n_dynamic.onnx');

/**
 * Writes the benchmark image sets (idempotent) and returns their paths:
 *   large  — city-crossing.jpg scaled to 1732×1221 (2.1 MP, ~20 faces), JPEG quality 92, n copies
 *   small  — the four fixture images as they are (0.2–0.3 MP, JPEG and PNG), n/4 copies each
 * @param {number} n
 */
export async function blurImageSets(n) {
  const root = path.join(dataDir, 'blur');
  const large = path.join(root, `large-${n}`);
  const small = path.join(root, `small-${n}`);
  mkdirSync(large, { recursive: true });
  mkdirSync(small, { recursive: true });
  const largeFiles = [];
  const smallFiles = [];
  const city = await sharp(path.join(fixtures, 'images', 'city-crossing.jpg')).resize(1732, 1221).jpeg({ quality: 92 }).toBuffer();
  for (let i = 0; i < n; i++) {
    const file = path.join(large, `city-2mp-${String(i).padStart(2, '0')}.jpg`);
    if (!existsSync(file)) await sharp(city).toFile(file);
    largeFiles.push(file);
  }
  const originals = ['city-crossing.jpg', 'messi5.jpg', 'basketball1.png', 'licenseplate_motion.jpg'];
  for (let i = 0; i < n; i++) {
    const name = originals[i % originals.length];
    const file = path.join(small, `${String(i).padStart(2, '0')}-${name}`);
    // Copied byte for byte: re-encoding would drop their ICC profiles, turn the greyscale PNG into
    // RGB and the progressive JPEG into a baseline one.
    copyFileSync(path.join(fixtures, 'images', name), file);
    smallFiles.push(file);
  }
  return { root, large: largeFiles, small: smallFiles };
}
