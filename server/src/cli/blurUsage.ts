// Kept apart from cli/blur.ts so that `archipel --help` and `archipel check` never load the native
// image and model libraries.

import { UsageError } from './usage';

export const blurUsage = `  blur [PATH...]       Detect faces and licence plates in images (files, folders recursively) and blur them.
      --detect-only              Only report the detections; write nothing.
      --config FILE              archipel.yaml to use (default: the nearest one above each image).
      --face-model FILE          Face detector (.onnx), overrides blur.faceModel.
      --plate-model FILE         Licence-plate detector (.onnx), overrides blur.plateModel.
      --out DIR                  Write blurred images into DIR (default: <name>.blurred.<ext> beside each image).
      --format text|json         Output format (default: text).`;

export class BlurUsageError extends UsageError {}
