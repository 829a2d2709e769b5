/**
 * Micro-batching (issue #21): single-row requests that arrive within a few milliseconds of each
 * other are run as one inference, which is what raises throughput under load (one onnxruntime call
 * per batch instead of per row). Each request gets back exactly its own row's outputs, so the
 * answers equal unbatched ones. Pure: the model call is injected.
 */

/** Runs `rows` rows (row-major) and answers `rows × outputs` numbers. */
export type RunRows = (values: Float32Array, rows: number) => Promise<Float32Array>;

interface Waiting {
  row: Float32Array;
  resolve: (outputs: Float32Array) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** How long the first row of a batch waits for others (ms); 0 runs every row alone, at once. */
  windowMs: number;
  /** A batch that reaches this many rows runs at once, without waiting for the window's end. */
  maxRows: number;
  /** Called with each inference's row count (the batch-size histogram). */
  onBatch?: (rows: number) => void;
}

export class MicroBatcher {
  private queue: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly run: RunRows,
    /** Values per row (the model's feature count) and outputs per row. */
    private readonly width: number,
    private readonly outputs: number,
    private readonly options: BatcherOptions,
  ) {}

  /** The outputs of one row (`width` values), once its batch has run. */
  submit(row: Float32Array): Promise<Float32Array> {
    if (row.length !== this.width) return Promise.reject(new Error(`a row has ${row.length} values, the model takes ${this.width}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.options.windowMs <= 0 || this.queue.length >= this.options.maxRows) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  /** Rows waiting for their batch to start. */
  get pending(): number {
    return this.queue.length;
  }

  /** Runs what is waiting now (also at shutdown and before a retired model is released). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const values = new Float32Array(batch.length * this.width);
    batch.forEach((w, i) => values.set(w.row, i * this.width));
    this.options.onBatch?.(batch.length);
    this.run(values, batch.length).then(
      (out) => {
        if (out.length !== batch.length * this.outputs) {
          const error = new Error(`the model answered ${out.length} values for ${batch.length} row(s); expected ${batch.length * this.outputs}`);
          for (const w of batch) w.reject(error);
          return;
        }
        // Copies, so that one answer does not keep the whole batch's buffer alive.
        batch.forEach((w, i) => w.resolve(out.slice(i * this.outputs, (i + 1) * this.outputs)));
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  }
}
