/**
 * The example's prices (examples/portfolio/prediction/prices.csv) with the two defects issue #29's
 * tests plant: a negative volume on data row 5 (line 7) and no date on data row 10 (line 12).
 * Shared by the CLI's, the Data Docs page's and the extension host's validation tests.
 */
export function plantDefects(text: string): string {
  const lines = text.split('\n');
  const volume = lines[6].split(',');
  volume[6] = '-5000.0000';
  lines[6] = volume.join(',');
  const date = lines[11].split(',');
  date[0] = '';
  lines[11] = date.join(',');
  return lines.join('\n');
}
