/**
 * A blur run's configuration resolved from its layers (archipel.yaml's `blur` section, settings,
 * the command line, the request: blur/section.ts reads them): absolute paths, every value set, an
 * output folder that stays inside the workspace (symbolic links followed: the disk is read).
 */
import path from 'node:path';
import { ConfigError, type BlurSection, type ModelInput } from '../../blur/section';
import { assertWithin } from '../../disk/containment';
import type { ModelSpec } from './model';
import { LAYOUTS, type BlurMethod, type BlurShape, type Thresholds } from './types';

export { ConfigError } from '../../blur/section';
export type { BlurSection } from '../../blur/section';

/** One source of configuration: its values, and the folder its relative paths start from. */
export interface ConfigLayer {
  /** Where the values come from, for messages (`archipel.yaml`, `settings`, `command line`). */
  origin: string;
  values: BlurSection;
  baseDir: string;
  /** The user named these values on the command line: their output folder may be anywhere. */
  explicit?: boolean;
}

/** Everything a blur or detect run needs, resolved: absolute paths, every value set. */
export interface BlurConfig {
  models: ModelSpec[];
  /** Minimum score per class name; `default` for the others. */
  thresholds: Record<string, number>;
  iou: number;
  classes?: string[];
  method: BlurMethod;
  shape: BlurShape;
  grow: number;
  /** Absolute folder for outputs; next to the input when undefined. */
  outputFolder?: string;
  suffix: string;
  keepMetadata: boolean;
  quality: number;
  pngCompression: number;
  maxPixels: number;
  /** Which files the values came from, for the summary. */
  origins: string[];
}

export const DEFAULTS = {
  threshold: 0.5,
  iou: 0.45,
  method: 'gaussian' as BlurMethod,
  shape: 'ellipse' as BlurShape,
  grow: 1.2,
  suffix: '.blurred',
  keepMetadata: false,
  quality: 90,
  pngCompression: 6,
  maxPixels: 100_000_000,
};

function size(value: number | [number, number] | undefined): { width: number; height: number } | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? { width: value, height: value } : { width: value[0], height: value[1] };
}

function model(input: ModelInput | undefined, role: 'face' | 'plate', baseDir: string, inputSize: BlurSection['inputSize']): ModelSpec | undefined {
  if (input === undefined) return undefined;
  const spec = typeof input === 'string' ? { path: input } : input;
  const layout = spec.layout && spec.layout !== 'auto' && LAYOUTS.includes(spec.layout) ? spec.layout : undefined;
  return {
    path: path.resolve(baseDir, spec.path),
    role,
    ...(layout ? { layout } : {}),
    ...(size(spec.inputSize ?? inputSize) ? { inputSize: size(spec.inputSize ?? inputSize) } : {}),
    ...(spec.names ? { names: spec.names } : {}),
  };
}

/**
 * Where a layer's `outputFolder` points: relative to the layer's folder (archipel.yaml's, the
 * workspace folder for settings, the current folder on the command line). The one place an output
 * folder is resolved: a check that it stays inside the workspace belongs here.
 */
export function resolveOutputFolder(layer: ConfigLayer, value: string, roots?: readonly string[]): string {
  const folder = path.resolve(layer.baseDir, value);
  // Outputs and sidecars go where configuration says only inside the workspace (issue #22); a
  // path the user named (an explicit layer: the command line) may point anywhere.
  if (roots && !layer.explicit) {
    try {
      // Below the configuration's own folder is inside too (the CLI run from a subfolder).
      assertWithin(folder, [...roots, layer.baseDir], `${layer.origin}: blur.outputFolder`, value);
    } catch (error) {
      throw new ConfigError(error instanceof Error ? error.message : String(error));
    }
  }
  return folder;
}

/**
 * Resolves the layers, later layers winning key by key (per-class thresholds merge): defaults,
 * then archipel.yaml, then settings, then command-line or request overrides.
 */
export function resolveConfig(layers: readonly ConfigLayer[], roots?: readonly string[]): BlurConfig {
  let faceModel: { input: ModelInput; baseDir: string } | undefined;
  let plateModel: { input: ModelInput; baseDir: string } | undefined;
  let outputFolder: string | undefined;
  const thresholds: Record<string, number> = { default: DEFAULTS.threshold };
  const merged: BlurSection = {};
  for (const layer of layers) {
    const v = layer.values;
    if (v.faceModel !== undefined) faceModel = { input: v.faceModel, baseDir: layer.baseDir };
    if (v.plateModel !== undefined) plateModel = { input: v.plateModel, baseDir: layer.baseDir };
    if (v.outputFolder !== undefined) outputFolder = resolveOutputFolder(layer, v.outputFolder, roots);
    if (typeof v.threshold === 'number') {
      for (const key of Object.keys(thresholds)) delete thresholds[key];
      thresholds.default = v.threshold;
    } else if (v.threshold) {
      Object.assign(thresholds, v.threshold);
    }
    for (const key of ['iou', 'inputSize', 'classes', 'method', 'shape', 'grow', 'suffix', 'keepMetadata', 'quality', 'pngCompression', 'maxPixels'] as const) {
      if (v[key] !== undefined) (merged as Record<string, unknown>)[key] = v[key];
    }
  }
  const models = [
    faceModel && model(faceModel.input, 'face', faceModel.baseDir, merged.inputSize),
    plateModel && model(plateModel.input, 'plate', plateModel.baseDir, merged.inputSize),
  ].filter((m): m is ModelSpec => m !== undefined);
  return {
    models,
    thresholds,
    iou: merged.iou ?? DEFAULTS.iou,
    ...(merged.classes ? { classes: merged.classes } : {}),
    method: merged.method ?? DEFAULTS.method,
    shape: merged.shape ?? DEFAULTS.shape,
    grow: merged.grow ?? DEFAULTS.grow,
    ...(outputFolder ? { outputFolder } : {}),
    suffix: merged.suffix ?? DEFAULTS.suffix,
    keepMetadata: merged.keepMetadata ?? DEFAULTS.keepMetadata,
    quality: merged.quality ?? DEFAULTS.quality,
    pngCompression: merged.pngCompression ?? DEFAULTS.pngCompression,
    maxPixels: merged.maxPixels ?? DEFAULTS.maxPixels,
    origins: layers.map((l) => l.origin),
  };
}

/** The configured minimum scores as plain data: a class's own threshold, else the `default` one. */
export function thresholdsOf(config: Pick<BlurConfig, 'thresholds'>): Thresholds {
  return { byClass: config.thresholds, fallback: config.thresholds.default ?? DEFAULTS.threshold };
}
