/** The sample of any data file the privacy scan reads: CSV, TSV and JSON Lines here, Parquet through DuckDB (native: loaded on the first Parquet file). */
import { confinedDataPath, SAMPLE_BOUNDS, sampleFormatOf, sampleTextData, type DataSample } from './sample';

export async function sampleData(file: string, roots?: readonly string[]): Promise<DataSample> {
  if (sampleFormatOf(file) !== 'parquet') return sampleTextData(file, roots);
  const { parquetSample } = await import('./parquet.js');
  return parquetSample(confinedDataPath(file, roots), SAMPLE_BOUNDS.parquetRows, SAMPLE_BOUNDS.columns);
}
