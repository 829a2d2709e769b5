/**
 * The configuration of one image the editor asks to blur, from its layers: the default face model,
 * the nearest archipel.yaml's `blur` section (parsed once per version of the file), the settings of
 * its folder, the request's overrides.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBlurSection, type BlurSection } from '../../blur/section';
import type { SchemaEngine } from '../../schema/engine';
import { nearestConfig } from '../../workspace/archipelConfig';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { resolveConfig, type BlurConfig, type ConfigLayer } from './config';

const sectionKey = Symbol('blur-section');

/** The archipel.yaml layer (parsed and checked once per version of the file); throws a ConfigError. */
function layerOf(entry: IndexedFile, engine: SchemaEngine): ConfigLayer | undefined {
  const file = fileURLToPath(entry.uri);
  const values = entry.modelOrThrow(sectionKey, () => parseBlurSection(entry.text, file, engine));
  return values ? { origin: file, values, baseDir: path.dirname(file) } : undefined;
}

export interface JobConfigContext {
  index: WorkspaceIndex;
  engine: SchemaEngine;
  /** `archipel.blur.*` of the file's resource (only what the user set). */
  settings: BlurSection;
  /** Workspace folders: relative paths in settings start from the one holding the image. */
  folders: readonly string[];
  /** The downloaded default face model, below everything else. */
  defaultFaceModel?: string;
  /** This run's threshold overrides (the panel). */
  thresholds?: Record<string, number>;
}

/** Everything that configures the blurring of one image, in order: default model, archipel.yaml, settings, this run. */
export function jobConfigFor(image: string, context: JobConfigContext): BlurConfig {
  const layers: ConfigLayer[] = [];
  if (context.defaultFaceModel) layers.push({ origin: 'default face model', values: { faceModel: context.defaultFaceModel }, baseDir: path.dirname(context.defaultFaceModel) });
  const entry = nearestConfig(image, context.index);
  const yaml = entry && layerOf(entry, context.engine);
  if (yaml) layers.push(yaml);
  const folder = context.folders.filter((f) => !path.relative(f, image).startsWith('..')).sort((a, b) => b.length - a.length)[0];
  if (Object.keys(context.settings).length > 0) layers.push({ origin: 'settings', values: context.settings, baseDir: folder ?? path.dirname(image) });
  if (context.thresholds && Object.keys(context.thresholds).length > 0) layers.push({ origin: 'this run', values: { threshold: context.thresholds }, baseDir: path.dirname(image) });
  // Outputs stay inside the image's workspace folder (its own folder when there is none).
  return resolveConfig(layers, folder ? [folder] : context.folders.length > 0 ? context.folders : [path.dirname(image)]);
}
