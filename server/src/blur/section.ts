/**
 * archipel.yaml's `blur` section and the `archipel.blur.*` settings, read and checked (pure: text
 * and the schema in, values out). Resolving them into a run's configuration is the engine's
 * (engines/blur/config.ts: paths, the workspace's containment).
 */
import type { SchemaEngine } from '../schema/engine';
import { t } from '../l10n/t';
import { YamlChunk } from '../yaml/model';
import { defineSettingsSection } from '../settings';

/** The output layouts the engine decodes (engines/blur/layouts.ts). */
export type LayoutName = 'yolov8' | 'yolo-end2end' | 'yolov5' | 'yunet' | 'ultraface';
export type BlurMethod = 'gaussian' | 'pixelate' | 'solid';
export type BlurShape = 'ellipse' | 'box';

/** A model as written in archipel.yaml or a setting: a path, or a path with options. */
export type ModelInput = string | { path: string; layout?: LayoutName | 'auto'; inputSize?: number | [number, number]; names?: string[] };

/** The `blur` section of archipel.yaml (schemas/archipel.json#/definitions/BlurSection); also the shape of settings and CLI overrides. */
export interface BlurSection {
  faceModel?: ModelInput;
  plateModel?: ModelInput;
  threshold?: number | Record<string, number>;
  iou?: number;
  inputSize?: number | [number, number];
  classes?: string[];
  method?: BlurMethod;
  shape?: BlurShape;
  grow?: number;
  outputFolder?: string;
  suffix?: string;
  keepMetadata?: boolean;
  quality?: number;
  pngCompression?: number;
  maxPixels?: number;
}

/** The configuration is unusable: the message names the file and the value. */
export class ConfigError extends Error {}

/**
 * The `blur` section of an archipel.yaml text, validated with the same schema the editor checks
 * it with; a ConfigError lists what is wrong. Undefined when the file has no `blur` section.
 */
export function parseBlurSection(text: string, file: string, engine: SchemaEngine): BlurSection | undefined {
  // Read as every other YAML file is (yaml/model.ts): within the parsing limits, linear whatever
  // the text (the yaml package's own duplicate-key check and value conversion are not).
  const chunk = new YamlChunk(text, false);
  if (chunk.beyondLimits) throw new ConfigError(`${file}: ${chunk.beyondLimits.message}`);
  if (!chunk.wellFormed) {
    const duplicate = chunk.duplicateKeys[0];
    const error = chunk.docs.flatMap((d) => d.errors)[0];
    throw new ConfigError(t('{0}: not valid YAML: {1}', file, error ? error.message.split('\n')[0] : duplicate ? t('the key "{0}" is repeated', duplicate.key) : t('unreadable')));
  }
  if (chunk.valueError) throw new ConfigError(`${file}: ${chunk.valueError}`);
  const value = chunk.value;
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(t('{0}: expected a mapping at the top level', file));
  const section = (value as Record<string, unknown>).blur;
  if (section === undefined || section === null) return undefined;
  const errors = engine.validate('blur', section) ?? [];
  if (errors.length > 0) {
    const problems = errors.map((e) => `blur${e.instancePath.replace(/\//g, '.')} ${e.message ?? t('is invalid')}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
    throw new ConfigError(`${file}: ${[...new Set(problems)].join('; ')}`);
  }
  return section;
}

/** Settings (`archipel.blur.*`) as an override layer: only values the user set, well-formed. */
export function settingsSection(raw: unknown): BlurSection {
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: BlurSection = {};
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && v >= min && v <= max ? v : undefined);
  if (str(input.faceModel)) out.faceModel = str(input.faceModel);
  if (str(input.plateModel)) out.plateModel = str(input.plateModel);
  if (num(input.threshold, 0, 1) !== undefined) out.threshold = input.threshold as number;
  if (num(input.iou, 0, 1) !== undefined) out.iou = input.iou as number;
  if (num(input.grow, 1, 4) !== undefined) out.grow = input.grow as number;
  if (input.method === 'gaussian' || input.method === 'pixelate' || input.method === 'solid') out.method = input.method;
  if (input.shape === 'ellipse' || input.shape === 'box') out.shape = input.shape;
  if (str(input.outputFolder)) out.outputFolder = str(input.outputFolder);
  if (typeof input.keepMetadata === 'boolean') out.keepMetadata = input.keepMetadata;
  return out;
}

declare module '../settings' {
  interface FamilySettings {
    /** `archipel.blur.*`: only the values the user set; they override archipel.yaml. */
    blur: BlurSection;
  }
}

export const blurSettings = defineSettingsSection('blur', {}, settingsSection);
