/**
 * A data file's classification (issue #65): each column of its sample judged (columns.ts), with its
 * fideslang categories. Pure: the sample is read by the runtime (engines/privacy/sample.ts) and
 * handed here; the feature and the rules get the result through a `DataScanner`.
 */
import { columnVerdict, type PiiKind } from './columns';
import type { CompanyId } from './values';

/** What a sample gives the classifier (engines/privacy/sample.ts's DataSample). */
export interface SampledColumns {
  format: string;
  columns: readonly string[];
  values: readonly (readonly string[])[];
  rows: number;
  whole: boolean;
}

export interface ClassifiedField {
  name: string;
  /** fideslang data categories (empty: no personal data found). */
  categories: string[];
  kind?: PiiKind;
  /** Sampled rows with a value, and those of `kind`. */
  rows: number;
  matching: number;
  byHeader: boolean;
  /** A column of company identifiers (SIRET, SIREN): no personal data. */
  identifier?: CompanyId;
  /** Free text: the categories are what its words hold (columns.ts). */
  freeText?: true;
}

export interface ScannedFile {
  format: string;
  fields: ClassifiedField[];
  /** Rows sampled, and whether that was every row. */
  rows: number;
  whole: boolean;
}

/** What a file's scan gave: its classification, or why it could not be read. */
export type ScanOutcome = ScannedFile | { error: string };

/**
 * The scan of a data file by absolute path (the runtime's, cached per file version); undefined
 * when the file is not one the scanner reads or is not there. `roots`: the folders it may be read
 * in (the workspace's; a file elsewhere is an error outcome), none for a file the user named.
 */
export type DataScanner = (absolutePath: string, roots?: readonly string[]) => ScanOutcome | undefined;

export function classifySample(sample: SampledColumns, thisYear: number): ScannedFile {
  const fields = sample.columns.map((name, c): ClassifiedField => {
    const verdict = columnVerdict(name, sample.values[c] ?? [], thisYear);
    return { name, categories: verdict.categories, ...(verdict.kind ? { kind: verdict.kind } : {}), rows: verdict.rows, matching: verdict.matching, byHeader: verdict.byHeader, ...(verdict.identifier ? { identifier: verdict.identifier } : {}), ...(verdict.freeText ? { freeText: true as const } : {}) };
  });
  return { format: sample.format, fields, rows: sample.rows, whole: sample.whole };
}

/** The categories a scan found in a file, each once, in the columns' order. */
export function scannedCategories(scan: ScanOutcome | undefined): string[] {
  if (!scan || 'error' in scan) return [];
  return [...new Set(scan.fields.flatMap((f) => f.categories))];
}

/** The data files a scan reads, by name. */
export const DATA_FILE = /\.(csv|tsv|tab|jsonl|ndjson|parquet|pq)$/i;
