/**
 * `GET /predict/demo`'s built-in example row (issue #21), pure: for the `ohlcv-22` recipe, the 22
 * features of the last day of a fixed 90-day OHLCV series, computed by the recipe itself — the
 * seeds' demo also builds sample prices and derives the features from them.
 */
import { ohlcv22, OHLCV22_FEATURES, type OhlcvSeries } from '../predict/api';

/** A deterministic daily series: a slow trend, a weekly swing and a day-to-day wobble. */
function demoSeries(days = 90): OhlcvSeries {
  const s: OhlcvSeries = { open: [], high: [], low: [], close: [], volume: [] };
  let previous = 100;
  for (let d = 0; d < days; d++) {
    const close = 100 + 0.08 * d + 3 * Math.sin((2 * Math.PI * d) / 7) + 1.5 * Math.sin(d * 1.7);
    const open = previous + 0.4 * Math.sin(d * 2.3);
    s.open.push(open);
    s.close.push(close);
    s.high.push(Math.max(open, close) + 0.6 + 0.3 * Math.abs(Math.sin(d)));
    s.low.push(Math.min(open, close) - 0.6 - 0.3 * Math.abs(Math.cos(d)));
    s.volume.push(1_000_000 + 250_000 * Math.sin(d * 0.9));
    previous = close;
  }
  return s;
}

/** The example row of a recipe, by feature name; undefined when there is no recipe. */
export function demoRow(recipe: 'ohlcv-22' | undefined): Record<string, number> | undefined {
  if (recipe !== 'ohlcv-22') return undefined;
  const table = ohlcv22(demoSeries());
  const last = table.defined.lastIndexOf(true);
  const row: Record<string, number> = {};
  OHLCV22_FEATURES.forEach((name, k) => {
    row[name] = table.features[k][last];
  });
  return row;
}
