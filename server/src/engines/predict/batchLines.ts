/**
 * A prediction run's batches (rows as columns, no object per row) and the lines of the predictions
 * CSV written from a batch once the model answers it: the row's keys, the decision, each class's
 * probability and the target, as bytes into one buffer (no string per line), the tally fed as it goes.
 */
import { decideClass } from '../../predict/decision';
import type { TabularDescription } from './lanes';
import type { Tally } from './tally';
import { csvCell, LineBytes } from './writer';

/**
 * Rows per inference call: large enough to amortise a call (a 100-tree forest runs ~20 % faster per
 * row at 8,192 than at 2,048), small enough to keep memory flat and cancellation prompt.
 */
export const BATCH = 8192;

/** A batch's rows as columns (no object per row): what writing their lines needs once the model answers. */
export class Batch {
  rows = 0;
  readonly date = new Array<string>(BATCH).fill('');
  readonly ticker = new Array<string>(BATCH).fill('');
  readonly targetText = new Array<string>(BATCH).fill('');
  readonly close = new Float64Array(BATCH);
  readonly target = new Float64Array(BATCH);
  /** The rows' features as read (the source's order), for drift's sample only. */
  readonly raw?: Float64Array;

  constructor(width: number, keepFeatures: boolean) {
    if (keepFeatures) this.raw = new Float64Array(BATCH * width);
  }
}

/** The optional columns the input has, written before the prediction and after it. */
export interface LineKeys {
  date: boolean;
  ticker: boolean;
  target: boolean;
}

export class BatchLines {
  private readonly classifier: boolean;
  private readonly labels: readonly string[];
  /** One row's outputs, reused from row to row (a subarray per row was a typed-array view to collect). */
  private readonly probabilities: number[];
  /** Class names and tickers repeat on every row: each quoted once. */
  private readonly cells = new Map<string, string>();
  private readonly labelCells: string[];
  /** A date repeats on consecutive rows when tickers are interleaved: the last one's cell is kept. */
  private lastDate = '';
  private lastDateCell = '';
  private readonly lines = new LineBytes(BATCH * 64);
  keys: LineKeys = { date: false, ticker: false, target: false };

  constructor(
    private readonly model: TabularDescription,
    private readonly threshold: number,
    private readonly tally: Tally,
    /** The width of a row as read (drift's sample). */
    private readonly sourceWidth: number,
  ) {
    this.classifier = model.kind === 'classifier';
    this.labels = this.classifier ? model.card.labels : [];
    this.probabilities = new Array<number>(model.outputs).fill(0);
    this.labelCells = this.labels.map((label) => this.cell(label));
  }

  /** The CSV header of the predictions file. */
  header(): string {
    const { keys, labels } = this;
    return [...(keys.date ? ['Date'] : []), ...(keys.ticker ? ['Ticker'] : []), 'prediction', ...labels.map((l) => `p_${l}`), ...(keys.target ? ['y_true'] : [])].map(csvCell).join(',') + '\n';
  }

  private cell(text: string): string {
    let quoted = this.cells.get(text);
    if (quoted === undefined) {
      quoted = csvCell(text);
      if (this.cells.size < 4096) this.cells.set(text, quoted);
    }
    return quoted;
  }

  private dateCell(date: string): string {
    if (date !== this.lastDate) {
      this.lastDate = date;
      this.lastDateCell = csvCell(date);
    }
    return this.lastDateCell;
  }

  /** One batch's lines, given the model's outputs `p` for its rows. */
  of(b: Batch, p: Float32Array): Uint8Array {
    const { model, classifier, labels, labelCells, probabilities, keys, lines, sourceWidth } = this;
    // The probabilities' text: one JSON array for the batch, each number's text copied from it — the
    // same as String(value) for a finite number (JSON writes ToString), about a third faster than a
    // string per value, which was the run thread's largest cost. A batch with a value that is not
    // finite (JSON's null) has each value converted by String().
    const values = b.rows * model.outputs;
    let finite = classifier;
    for (let j = 0; finite && j < values; j++) finite = Number.isFinite(p[j]);
    const json = finite ? JSON.stringify(Array.from(p.subarray(0, values))) : '';
    let cursor = 1;
    for (let i = 0; i < b.rows; i++) {
      for (let k = 0, at = i * model.outputs; k < probabilities.length; k++) probabilities[k] = p[at + k];
      const decision = classifier ? decideClass(probabilities, this.threshold) : -1;
      const label = classifier ? labels[decision] : String(probabilities[0]);
      const target = classifier && b.target[i] < labels.length ? b.target[i] : NaN;
      this.tally.add(b.date[i], b.ticker[i], b.close[i], b.raw?.subarray(i * sourceWidth, (i + 1) * sourceWidth), probabilities, decision, target, label);
      if (keys.date) lines.text(this.dateCell(b.date[i])).byte(44);
      if (keys.ticker) lines.text(this.cell(b.ticker[i])).byte(44);
      lines.text(classifier ? labelCells[decision] : label);
      if (classifier) {
        for (let k = 0; k < probabilities.length; k++) {
          lines.byte(44);
          if (finite) cursor = lines.number(json, cursor);
          else lines.text(String(probabilities[k]));
        }
      }
      if (keys.target) lines.byte(44).text(classifier ? (Number.isNaN(target) ? '' : labelCells[target]) : csvCell(b.targetText[i]));
      lines.byte(10);
    }
    return lines.take();
  }
}
