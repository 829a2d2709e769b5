/**
 * The prediction service's request handling (issue #21), without sockets: the routes' answers as
 * status + JSON body, the loaded model and its atomic replacement on reload, micro-batching. The
 * HTTP transport (serve/http.ts) only maps routes to these methods. The model is loaded through an
 * injected loader, so this file reads no file itself.
 *
 * The API's texts (`error`) are a contract in English, like its keys.
 */
import { checkThreshold, decideClass, OHLCV22_FEATURES, type TabularModel } from '../predict/api';
import { AnswerWriter, float32Decimal } from './answer';
import { MicroBatcher } from './batcher';
import { demoRow } from './demo';
import { TextBatch } from './formats';
import { PackedInstances } from './packed';
import { RequestError, readFeatures, readInstances } from './validate';

export { float32Decimal } from './answer';

export interface ServeResponse {
  status: number;
  /** A value the transport serialises as JSON, or JsonText already serialised. */
  body: unknown;
}

/** An answer's body already written as JSON: its text, or the text's UTF-8 bytes (answer.ts). */
export class JsonText {
  constructor(readonly text: string | Buffer) {}
}

/** What the metrics count; every hook optional. */
export interface ServiceEvents {
  batch?(rows: number): void;
  predicted?(label: string, count: number): void;
  loaded?(model: TabularModel, seconds: number): void;
  reload?(outcome: 'reloaded' | 'refused'): void;
}

export interface ServiceOptions {
  /** Loads the model file (again); throws with a message saying why it cannot. */
  load: () => Promise<TabularModel>;
  /** `--recipe`: the features the requests carry are this recipe's (the card's recipe otherwise). */
  recipe?: 'ohlcv-22';
  /** `--threshold`: the probability of the second class from which it is answered (the card's otherwise, else 0.5). */
  threshold?: number;
  /** Micro-batching window in ms; 0 disables it. */
  batchWindowMs: number;
  /** Rows per micro-batch at most (a full batch runs without waiting). */
  maxBatchRows?: number;
  /** Rows per /predict/batch request at most. */
  maxInstances?: number;
  events?: ServiceEvents;
  /** The clock (tests fix it). */
  now?: () => Date;
  /** Seconds since an arbitrary origin, for load times (tests fix it). */
  clock?: () => number;
}

/** One prediction as the API answers it (the seeds' shape, then the version and the time). */
export interface PredictionBody {
  prediction: number;
  prediction_label: string;
  probability: number;
  probabilities: Record<string, number>;
  model_version: string;
  timestamp: string;
}

/** A loaded, checked model with its batcher; released once retired and idle. */
class Loaded {
  readonly batcher: MicroBatcher;
  readonly classes: string[];
  readonly threshold: number;
  readonly version: string;
  readonly name: string;
  readonly writer: AnswerWriter;
  private users = 0;
  private retired = false;

  constructor(readonly model: TabularModel, options: ServiceOptions) {
    const card = model.card;
    this.classes = card.labels.length > 0 ? card.labels : Array.from({ length: model.outputs }, (_, k) => String(k));
    this.threshold = options.threshold ?? card.threshold ?? 0.5;
    this.version = card.version ?? model.sha256.slice(0, 12);
    this.name = model.file.split(/[\\/]/).pop() ?? model.file;
    this.writer = new AnswerWriter(this.classes, this.threshold, this.version);
    this.batcher = new MicroBatcher((values, rows) => this.run(values, rows), card.features.length, model.outputs, {
      windowMs: options.batchWindowMs,
      maxRows: options.maxBatchRows ?? 256,
      onBatch: (rows) => options.events?.batch?.(rows),
    });
  }

  async run(values: Float32Array, rows: number): Promise<Float32Array> {
    this.users++;
    try {
      return await this.model.run(values, rows);
    } finally {
      this.users--;
      this.releaseIfIdle();
    }
  }

  /** Stops taking new work: what is queued still runs on this model, then it is released. */
  retire(): void {
    this.retired = true;
    this.batcher.flush();
    this.releaseIfIdle();
  }

  private releaseIfIdle(): void {
    if (this.retired && this.users === 0 && this.batcher.pending === 0) {
      this.retired = false;
      void this.model.dispose().catch(() => undefined);
    }
  }
}

export class PredictionService {
  private current: Loaded | undefined;
  private reloads: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  private readonly clock: () => number;
  /** Rows per /predict/batch request at most. */
  readonly maxInstances: number;

  constructor(private readonly options: ServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.clock = options.clock ?? (() => performance.now() / 1000);
    this.maxInstances = options.maxInstances ?? 10_000;
  }

  /** The recipe's example row, computed once. */
  private demoRows = new Map<string, Record<string, number> | undefined>();
  private demoRowOf(recipe: 'ohlcv-22' | undefined): Record<string, number> | undefined {
    if (!recipe) return undefined;
    if (!this.demoRows.has(recipe)) this.demoRows.set(recipe, demoRow(recipe));
    return this.demoRows.get(recipe);
  }

  /** The model being served, if any. */
  get model(): TabularModel | undefined {
    return this.current?.model;
  }

  /** The features a request carries: the recipe of --recipe, else the card's. */
  private recipeOf(model: TabularModel): 'ohlcv-22' | undefined {
    return this.options.recipe ?? model.card.recipe;
  }

  /** Loads the first model; throws (with the loader's or the check's message) when it cannot be served. */
  async start(): Promise<void> {
    const loaded = await this.loadChecked();
    this.current = loaded;
  }

  health(): ServeResponse {
    const loaded = this.current !== undefined;
    return { status: loaded ? 200 : 503, body: { status: loaded ? 'healthy' : 'unhealthy', model_loaded: loaded } };
  }

  info(): ServeResponse {
    const loaded = this.current;
    if (!loaded) return noModel();
    const { model } = loaded;
    const rows = model.input.shape[0] ?? -1;
    return {
      status: 200,
      body: {
        name: loaded.name,
        version: loaded.version,
        description: model.card.description ?? null,
        kind: model.kind,
        feature_names: model.card.features,
        class_names: loaded.classes,
        threshold: loaded.threshold,
        recipe: this.recipeOf(model) ?? null,
        input_shape: model.input.shape,
        output_shape: [rows, model.outputs],
        sha256: model.sha256,
        loaded_at: model.loadedAt,
        card_source: model.card.source,
      },
    };
  }

  async predict(body: unknown): Promise<ServeResponse> {
    return this.answer(async (loaded) => {
      const row = readFeatures(asObject(body), loaded.model.card.features);
      const outputs = await loaded.batcher.submit(row);
      return { status: 200, body: this.predictions(loaded, outputs, 1)[0] };
    });
  }

  async predictBatch(body: unknown): Promise<ServeResponse> {
    return this.answer(async (loaded) => {
      const features = loaded.model.card.features;
      // Rows read straight from the bytes when they have the model's width; any other body through
      // the generic checks, which name what is wrong.
      const packed = body instanceof PackedInstances && body.rows.width === features.length ? body.rows : undefined;
      const { values, rows } =
        packed ?? (body instanceof TextBatch ? body.read(features, this.maxInstances) : readInstances(asObject(body instanceof PackedInstances ? body.json() : body), features, this.maxInstances));
      this.options.events?.batch?.(rows);
      const outputs = await loaded.run(values, rows);
      if (loaded.writer.usable) {
        const counts: number[] = [];
        const bytes = loaded.writer.batch(outputs, rows, this.now().toISOString(), counts);
        this.counted(loaded, counts);
        return { status: 200, body: new JsonText(bytes) };
      }
      const predictions = this.predictions(loaded, outputs, rows);
      return { status: 200, body: { predictions, count: rows, model_version: loaded.version } };
    });
  }

  async demo(): Promise<ServeResponse> {
    return this.answer(async (loaded) => {
      const row = this.demoRowOf(this.recipeOf(loaded.model));
      if (!row) {
        throw new RequestError(404, 'no built-in example row: the model has no feature recipe (start archipel serve with --recipe ohlcv-22, or give the model card a recipe)');
      }
      const outputs = await loaded.batcher.submit(readFeatures({ features: row }, loaded.model.card.features));
      return { status: 200, body: { ...this.predictions(loaded, outputs, 1)[0], features: row } };
    });
  }

  /**
   * Loads the model file again. The old model serves every request until the new one is loaded
   * and checked; a model that cannot be served is refused (422) and the old one stays. Reloads
   * run one after the other.
   */
  reload(): Promise<ServeResponse> {
    const next = this.reloads.then(() => this.reloadNow());
    this.reloads = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<ServeResponse> {
    const previous = this.current;
    let loaded: Loaded;
    try {
      loaded = await this.loadChecked();
    } catch (error) {
      this.options.events?.reload?.('refused');
      const keeps = previous ? `; the previous model (version ${previous.version}) keeps serving` : '';
      return { status: 422, body: { error: `the model cannot be served: ${messageOf(error)}${keeps}` } };
    }
    this.current = loaded;
    previous?.retire();
    this.options.events?.reload?.('reloaded');
    return {
      status: 200,
      body: { status: 'reloaded', model_version: loaded.version, sha256: loaded.model.sha256, loaded_at: loaded.model.loadedAt, previous_version: previous?.version ?? null },
    };
  }

  /** Releases the model once what is queued has run (shutdown, after the transport drained). */
  close(): void {
    this.current?.retire();
    this.current = undefined;
  }

  /** Loads and checks a model; a model that fails a check is released before the error is thrown. */
  private async loadChecked(): Promise<Loaded> {
    const started = this.clock();
    const model = await this.options.load();
    try {
      const loaded = new Loaded(model, this.options);
      await this.check(loaded);
      this.options.events?.loaded?.(model, this.clock() - started);
      return loaded;
    } catch (error) {
      await model.dispose().catch(() => undefined);
      throw error;
    }
  }

  /** What makes a model servable, checked before it replaces the one serving. */
  private async check(loaded: Loaded): Promise<void> {
    const { model } = loaded;
    const features = model.card.features;
    if (model.kind !== 'classifier') throw new Error('it is a regressor; archipel serve answers a class and its probabilities, so it serves classifiers');
    if (model.card.labels.length > 0 && model.card.labels.length !== model.outputs) {
      throw new Error(`the model card names ${model.card.labels.length} class(es) but the model outputs ${model.outputs} probabilities`);
    }
    checkThreshold(loaded.threshold);
    const width = model.input.shape[model.input.shape.length - 1];
    if (width !== undefined && width > 0 && width !== features.length) {
      throw new Error(`the model card lists ${features.length} feature(s) but the model's input takes ${width}`);
    }
    const recipe = this.recipeOf(model);
    if (recipe === 'ohlcv-22' && (features.length !== OHLCV22_FEATURES.length || features.some((f, k) => f !== OHLCV22_FEATURES[k]))) {
      throw new Error(`the recipe ohlcv-22 gives the features ${OHLCV22_FEATURES.join(', ')} in this order; the model takes ${features.join(', ')}`);
    }
    // One row through the model: a file that loads but cannot run (wrong input type, broken graph) is refused here.
    const probe = recipe ? readFeatures({ features: this.demoRowOf(recipe) }, features) : new Float32Array(features.length);
    const out = await model.run(probe, 1);
    if (out.length !== model.outputs || !out.every((p) => Number.isFinite(p))) {
      throw new Error(`a test row gave ${out.length} output value(s) (expected ${model.outputs} finite probabilities)`);
    }
  }

  /** Row `row`'s prediction; `counts` gathers the predicted classes (for the metrics, once per request). */
  private prediction(loaded: Loaded, outputs: Float32Array, row: number, timestamp: string, counts: number[]): PredictionBody {
    const n = loaded.model.outputs;
    const p = outputs.subarray(row * n, (row + 1) * n);
    const k = decideClass(p, loaded.threshold);
    counts[k] = (counts[k] ?? 0) + 1;
    const probabilities: Record<string, number> = {};
    for (let c = 0; c < n; c++) probabilities[loaded.classes[c]] = float32Decimal(p[c]);
    return {
      prediction: k,
      prediction_label: loaded.classes[k],
      probability: probabilities[loaded.classes[k]],
      probabilities,
      model_version: loaded.version,
      timestamp,
    };
  }

  /** The predictions of `rows` rows, counted once into the metrics. */
  private predictions(loaded: Loaded, outputs: Float32Array, rows: number): PredictionBody[] {
    const timestamp = this.now().toISOString();
    const counts: number[] = [];
    const out = new Array<PredictionBody>(rows);
    for (let i = 0; i < rows; i++) out[i] = this.prediction(loaded, outputs, i, timestamp, counts);
    this.counted(loaded, counts);
    return out;
  }

  /** The predicted classes into the metrics, once per request. */
  private counted(loaded: Loaded, counts: number[]): void {
    counts.forEach((count, k) => this.options.events?.predicted?.(loaded.classes[k], count));
  }

  /** Runs a route on the serving model: no model → 503; a refused input → its status; an inference failure → 500. */
  private async answer(route: (loaded: Loaded) => Promise<ServeResponse>): Promise<ServeResponse> {
    const loaded = this.current;
    if (!loaded) return noModel();
    try {
      return await route(loaded);
    } catch (error) {
      if (error instanceof RequestError) return { status: error.status, body: { error: error.message } };
      return { status: 500, body: { error: `inference failed: ${messageOf(error)}` } };
    }
  }
}

function noModel(): ServeResponse {
  return { status: 503, body: { error: 'no model is loaded yet; retry when GET /health answers model_loaded: true' } };
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError(400, 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
