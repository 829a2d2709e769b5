/**
 * The `predict` section of archipel.yaml (issue #17): the model, recipe, threshold, reference and
 * output folder a prediction uses when the request names no model. Pure: the file comes from the
 * workspace index; paths are resolved from the archipel.yaml's folder.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nearestConfig } from '../workspace/archipelConfig';
import { t } from '../l10n/t';
import type { PredictDriftOptions, PredictParams } from '../protocol/predict';
import type { SchemaEngine } from '../schema/engine';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { YamlChunk } from '../yaml/model';

export interface PredictSection {
  model?: string;
  recipe?: 'ohlcv-22';
  threshold?: number;
  reference?: string;
  outputFolder?: string;
  drift?: PredictDriftOptions;
}

/** No model in the request and none configured, or a predict section that does not check. */
export class PredictConfigError extends Error {
  override readonly name = 'PredictConfigError';
  constructor(message: string, readonly missingModel = false) {
    super(message);
  }
}

/** The resolved run: the request's values over the section's, paths absolute. */
export interface ResolvedPrediction {
  model: string;
  input: string;
  recipe?: 'ohlcv-22';
  /** The output file (default: `<input>.predictions.csv`, in `outputFolder` when given). */
  out?: string;
  outputFolder?: string;
  threshold?: number;
  reference?: string;
  force?: boolean;
  drift?: PredictDriftOptions;
}

const sectionKey = Symbol('predict-section');

/** The section of an archipel.yaml text, checked against schemas/archipel.json; undefined when absent. */
export function parsePredictSection(text: string, file: string, engine: SchemaEngine): PredictSection | undefined {
  const chunk = new YamlChunk(text, false);
  if (chunk.beyondLimits) throw new PredictConfigError(`${file}: ${chunk.beyondLimits.message}`);
  const value = chunk.wellFormed ? chunk.value : undefined;
  if (!chunk.wellFormed) throw new PredictConfigError(t('{0}: not valid YAML', file));
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const section = (value as Record<string, unknown>).predict;
  if (section === undefined || section === null) return undefined;
  const errors = engine.validate('predict', section) ?? [];
  if (errors.length > 0) {
    const problems = errors.map((e) => `predict${e.instancePath.replace(/\//g, '.')} ${e.message ?? 'is invalid'}`);
    throw new PredictConfigError(`${file}: ${[...new Set(problems)].join('; ')}`);
  }
  return section;
}

function sectionOf(entry: IndexedFile, engine: SchemaEngine): { section?: PredictSection; dir: string } {
  const file = fileURLToPath(entry.uri);
  return { section: entry.modelOrThrow(sectionKey, () => parsePredictSection(entry.text, file, engine)), dir: path.dirname(file) };
}

/** A model's own configuration: the nearest archipel.yaml above the model whose predict section names it. */
export interface ModelConfiguration {
  /** That archipel.yaml (absolute path). */
  config: string;
  recipe?: 'ohlcv-22';
  threshold?: number;
}

/**
 * The recipe and threshold configured for a model file: from the predict section of the nearest
 * archipel.yaml above it, when that section names this model (the model folder's configuration,
 * what Predict applies to a CSV elsewhere and Serve serves with). Undefined when none does.
 */
export function modelConfiguration(model: string, context: { index: WorkspaceIndex; engine: SchemaEngine }): ModelConfiguration | undefined {
  const absolute = path.resolve(model);
  const entry = nearestConfig(absolute, context.index);
  if (!entry) return undefined;
  const { section, dir } = sectionOf(entry, context.engine);
  if (!section?.model || path.resolve(dir, section.model) !== absolute) return undefined;
  return {
    config: fileURLToPath(entry.uri),
    ...(section.recipe ? { recipe: section.recipe } : {}),
    ...(section.threshold !== undefined ? { threshold: section.threshold } : {}),
  };
}

/**
 * The run a request asks for: its own values, else the nearest archipel.yaml's predict section
 * above the input. A model the request names (picked from the list) brings its own configuration's
 * recipe and threshold (modelConfiguration) before the input's section. Throws a
 * PredictConfigError (missingModel) when nothing names a model.
 */
export function resolvePrediction(params: PredictParams, context: { index: WorkspaceIndex; engine: SchemaEngine }): ResolvedPrediction {
  const input = path.resolve(params.input);
  const entry = nearestConfig(input, context.index);
  const { section, dir } = entry ? sectionOf(entry, context.engine) : { section: undefined, dir: path.dirname(input) };
  const fromConfig = (p: string | undefined) => (p === undefined ? undefined : path.resolve(dir, p));
  const model = params.model ? path.resolve(params.model) : fromConfig(section?.model);
  if (!model) {
    throw new PredictConfigError(t('No model for {0}: name one, or add a predict section with a model to archipel.yaml (predict: {model: model.onnx})', path.basename(input)), true);
  }
  const own = params.model ? modelConfiguration(model, context) : undefined;
  const recipe = params.recipe ?? own?.recipe ?? section?.recipe;
  const threshold = params.threshold ?? own?.threshold ?? section?.threshold;
  const reference = params.reference ? path.resolve(params.reference) : fromConfig(section?.reference);
  const outputFolder = params.out ? undefined : fromConfig(section?.outputFolder);
  return {
    model, input,
    ...(recipe ? { recipe } : {}),
    ...(params.out ? { out: path.resolve(params.out) } : {}),
    ...(outputFolder ? { outputFolder } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(reference ? { reference } : {}),
    ...(params.force ? { force: true } : {}),
    ...(params.drift || section?.drift ? { drift: { ...section?.drift, ...params.drift } } : {}),
  };
}
