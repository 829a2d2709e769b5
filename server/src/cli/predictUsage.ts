// Kept apart from cli/predict.ts so that `archipel --help` and `archipel check` never load onnxruntime.

import { UsageError } from './usage';

export const predictUsage = `  features INPUT.csv --recipe ohlcv-22   Write the feature table (Date, Ticker, the 22 features) of an OHLCV CSV.
      --out FILE                 Write it to FILE (default: standard output).
      --force                    Replace an existing FILE.
  predict MODEL INPUT.csv  Predict with a tabular ONNX model; write <input>.predictions.csv.
      --recipe ohlcv-22          Compute the features from Date, Open, High, Low, Close, Volume (per Ticker);
                                 each ticker's rows in date order, a date once (refused otherwise, with the lines).
      --out FILE                 The predictions file (default: <input>.predictions.csv beside the input).
      --threshold P              Binary models: the positive class when its probability is at least P (default 0.5).
      --reference REF.csv        Measure each feature's drift against this reference.
      --psi                      Drift by population stability index (default: KS, or Wasserstein past 1,000 reference rows).
      --force                    Replace an existing output (never done otherwise).
      --format text|json         Output format (default: text).
      ARCHIPEL_SHARD=i/N         Predict shard i of N only: a ticker's rows in one shard; without Ticker, row k in shard k mod N.
  predict --gather PART.csv|FOLDER... --out FILE   One predictions CSV of a sharded run's parts (same header; rows grouped by part).`;

export class PredictUsageError extends UsageError {}
