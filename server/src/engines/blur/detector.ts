import sharp from 'sharp';
import { bilinearTaps, letterbox, padToMultiple, stretch, type Geometry } from './geometry';
import { ImageError, type DecodedImage, type ImageHeader } from './image';
import { sampleRows, type SampleTarget } from './sampler';
import { ModelSession, type DetectOptions, type InferResult, type ModelDescription, type ModelInput, type ModelSpec } from './model';

export { ModelError } from '../onnx/runtime';
export type { DetectOptions, ModelSpec } from './model';

/** Bilinear sample of one channel: rows at r0 and r1, columns at a and b (byte offsets), weights w across and wy down. */
function lerp2(data: Buffer, r0: number, r1: number, a: number, b: number, w: number, wy: number): number {
  const top = data[r0 + a] + (data[r0 + b] - data[r0 + a]) * w;
  const bottom = data[r1 + a] + (data[r1 + b] - data[r1 + a]) * w;
  return top + (bottom - top) * wy;
}

/**
 * Model input tensors a finished inference gave back (recycleInput), for the next image's input
 * of the same length: a fresh 320×240 tensor is 0.9 MB the kernel maps, zeroes and unmaps, and
 * external memory that brings the garbage collector forward — once per image. A few are kept:
 * as many as images in flight.
 */
const spareTensors: Float32Array[] = [];
const MAX_SPARE_TENSORS = 8;

/** A tensor of `length` floats, its values undefined (every one is written by its caller). */
function tensorOf(length: number): Float32Array {
  // The one given back last: still in the CPU's caches.
  for (let i = spareTensors.length - 1; i >= 0; i--) if (spareTensors[i].length === length) return spareTensors.splice(i, 1)[0];
  return new Float32Array(length);
}

/**
 * An input whose inference is done: its tensor serves a later image. One moved to a worker lane
 * (its buffer transferred, now empty here) is left alone.
 */
export function recycleInput(input: ModelInput): void {
  if (input.data.byteLength === 0 || spareTensors.length >= MAX_SPARE_TENSORS) return;
  spareTensors.push(input.data);
}

/** Where prepareDecoded's rows go: the taps of each input row and column, the tensor and its planes, the content's place in it. */
type RowsTarget = SampleTarget;

/** Every content row of pixels with alpha: alpha flattened onto the pad colour, grey expanded to three channels. */
function otherRows(data: Buffer, t: RowsTarget, channels: number, colour: number, alpha: number, pad: number): void {
  const { rows, cols, tensor, planes, mul, add } = t;
  const sample = new Float32Array(4);
  for (let y = 0; y < t.height; y++) {
    const r0 = rows.a[y];
    const r1 = rows.b[y];
    const wy = rows.w[y];
    const out = (y + t.top) * t.inputWidth + t.left;
    for (let x = 0; x < t.width; x++) {
      const a = cols.a[x];
      const b = cols.b[x];
      const w = cols.w[x];
      for (let c = 0; c < channels; c++) sample[c] = lerp2(data, r0 + c, r1 + c, a, b, w, wy);
      const opacity = alpha < 0 ? 1 : sample[alpha] / 255;
      for (let c = 0; c < 3; c++) {
        const value = sample[colour === 3 ? c : 0] * opacity + pad * (1 - opacity);
        tensor[planes[c] + out + x] = value * mul + add;
      }
    }
  }
}

/** Decoded pixels, or the file's bytes with its checked header. */
export type PrepareSource = DecodedImage | { bytes: Buffer; header: ImageHeader; maxPixels: number };

/** A model input ready to run, and how to map its boxes back onto the image. */
export type Prepared = ModelInput;

/**
 * How a model takes pixel values: each 0–255 value v becomes v × `mul` + `add`; R, G and B go to
 * the planes starting at `planes`; padding is the pixel value `pad`.
 */
interface Encoding {
  pad: number;
  mul: number;
  add: number;
  planes: [number, number, number];
}

/**
 * How a model wants its input: `prepare` resizes and pads an image as the model was trained, into
 * an NCHW float tensor. Needs only the model's description, so the image side of a job prepares
 * inputs while the models run elsewhere (an inference lane).
 */
export class Preprocessor {
  constructor(readonly description: ModelDescription) {}

  get spec(): ModelSpec {
    return this.description.spec;
  }

  get layout(): ModelDescription['layout'] {
    return this.description.layout;
  }

  get names(): string[] {
    return this.description.names;
  }

  private get fixedInput(): { width: number; height: number } | undefined {
    return this.description.fixedInput;
  }

  /** The encoding of an input of `plane` pixels per channel. */
  private encoding(plane: number): Encoding {
    switch (this.layout) {
      case 'yunet': // BGR, 0–255
        return { pad: 0, mul: 1, add: 0, planes: [2 * plane, plane, 0] };
      case 'ultraface': // RGB, (v − 127) / 128
        return { pad: 0, mul: 1 / 128, add: -127 / 128, planes: [0, plane, 2 * plane] };
      default: // YOLO: RGB, v / 255, letterboxed with grey 114
        return { pad: 114, mul: 1 / 255, add: 0, planes: [0, plane, 2 * plane] };
    }
  }

  geometryFor(width: number, height: number): Geometry {
    switch (this.layout) {
      case 'yunet':
        return this.fixedInput && this.spec.inputSize === undefined
          ? letterbox(width, height, this.fixedInput.width, this.fixedInput.height)
          : padToMultiple(width, height, this.spec.inputSize ? Math.max(this.spec.inputSize.width, this.spec.inputSize.height) : 640, 32);
      case 'ultraface': {
        const size = this.fixedInput ?? { width: 320, height: 240 };
        return stretch(width, height, size.width, size.height);
      }
      default: {
        const size = this.fixedInput ?? { width: 640, height: 640 };
        return letterbox(width, height, size.width, size.height);
      }
    }
  }

  /**
   * Resizes and pads the image as the model was trained, into an NCHW float tensor: from decoded
   * pixels (prepareDecoded), or from the file's bytes (`header` known) when the image is not
   * decoded for anything else (detection only): then the decoder only decodes what the small
   * input needs (JPEG and WebP shrink on load).
   */
  async prepare(source: PrepareSource): Promise<Prepared> {
    if (!('bytes' in source)) return this.prepareDecoded(source);
    const { width, height, hasAlpha } = source.header;
    const g = this.geometryFor(width, height);
    const plane = g.inputWidth * g.inputHeight;
    const { pad, mul, add, planes } = this.encoding(plane);
    const background = { r: pad, g: pad, b: pad };
    let pipeline = sharp(source.bytes, { limitInputPixels: source.maxPixels, pages: 1, page: 0, autoOrient: true, failOn: 'error' });
    if (hasAlpha) pipeline = pipeline.flatten({ background });
    pipeline = pipeline.toColourspace('srgb');
    let resized: { data: Buffer; info: sharp.OutputInfo };
    try {
      resized = await pipeline
      .resize(g.contentWidth, g.contentHeight, { fit: 'fill', kernel: 'linear' })
      .extend({
        top: g.top,
        left: g.left,
        bottom: g.inputHeight - g.contentHeight - g.top,
        right: g.inputWidth - g.contentWidth - g.left,
        background,
      })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw new ImageError(`corrupt or truncated ${source.header.format.toUpperCase()} file: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { data, info } = resized;
    if (info.width !== g.inputWidth || info.height !== g.inputHeight || info.channels !== 3) {
      throw new Error(`preprocessing produced ${info.width}×${info.height}×${info.channels}, expected ${g.inputWidth}×${g.inputHeight}×3`);
    }
    const tensor = tensorOf(plane * 3);
    for (let i = 0, p = 0; i < plane; i++, p += 3) {
      tensor[planes[0] + i] = data[p] * mul + add;
      tensor[planes[1] + i] = data[p + 1] * mul + add;
      tensor[planes[2] + i] = data[p + 2] * mul + add;
    }
    return { data: tensor, dims: [1, 3, g.inputHeight, g.inputWidth], geometry: g, imageWidth: width, imageHeight: height };
  }

  /**
   * The tensor straight from decoded pixels, without another pass through libvips: each input
   * pixel is the bilinear sample of the image at its centre (OpenCV's INTER_LINEAR, the resize
   * these models are trained and usually run with), alpha flattened onto the pad colour, grey
   * expanded to three channels. Costs the model input's size, not the image's.
   */
  prepareDecoded(image: DecodedImage): Prepared {
    const { data, width, height, channels } = image;
    const g = this.geometryFor(width, height);
    const plane = g.inputWidth * g.inputHeight;
    const { pad, mul, add, planes } = this.encoding(plane);
    const tensor = tensorOf(plane * 3);
    // The content is written below; a letterbox's or padding's border is the pad value (a recycled
    // tensor holds the previous image).
    if (g.contentWidth !== g.inputWidth || g.contentHeight !== g.inputHeight) tensor.fill(pad * mul + add);
    const colour = channels >= 3 ? 3 : 1;
    const alpha = image.hasAlpha ? channels - 1 : -1;
    // Per input column and row: the two source samples (as byte offsets) and the second one's weight.
    const cols = bilinearTaps(0, g.contentWidth, 0, g.contentWidth, width, channels);
    const rows = bilinearTaps(0, g.contentHeight, 0, g.contentHeight, height, width * channels);
    const target: RowsTarget = { rows, cols, tensor, planes, top: g.top, left: g.left, inputWidth: g.inputWidth, width: g.contentWidth, height: g.contentHeight, mul, add };
    // RGB and grey (the common cases) in WebAssembly (sampler.ts), alpha here.
    if (channels === 3 || channels === 1) sampleRows(data, channels, width * channels, target);
    else otherRows(data, target, channels, colour, alpha, pad);
    return { data: tensor, dims: [1, 3, g.inputHeight, g.inputWidth], geometry: g, imageWidth: width, imageHeight: height };
  }

}

/** A preprocessor with its model loaded on this thread: prepare, then `infer`. */
export class Detector extends Preprocessor {
  private constructor(private readonly session: ModelSession) {
    super(session.description);
  }

  static async load(spec: ModelSpec, threads = 1): Promise<Detector> {
    return new Detector(await ModelSession.load(spec, threads));
  }

  /** Runs the model (on this thread) and returns the detections in image pixels, after per-class NMS. */
  infer(prepared: Prepared, options: DetectOptions): Promise<InferResult> {
    return this.session.run(prepared, options);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
