#!/usr/bin/python3
"""How the example's prediction/ folder was made: synthetic OHLCV prices (ohlcv.py), the ohlcv-22 features in
pandas, a RandomForest from Debian's python3-sklearn, written as ONNX the way skl2onnx writes a
TreeEnsembleClassifier (sk2onnx.py, Debian's python3-onnx) with its ZipMap and the feature_names and labels
metadata. `sudo apt-get install python3-sklearn python3-onnx python3-pandas` then, from the example's folder,
`/usr/bin/python3 pipeline/train/train_example.py` (the frozen `train` stage of dvc.yaml). With
`--expected FILE` it also writes scikit-learn's own probabilities on the example (Archipel's repository keeps
them in server/test/fixtures/predict/example-expected.json for the end-to-end test of `archipel predict`)."""
import os, sys
import numpy as np
import pandas as pd
sys.path.insert(0, os.path.dirname(__file__))
from ohlcv import FEATURES, synthetic
from sk2onnx import forest_classifier
from example_forest import example_forest

# The output folder: the example's prediction/ by default; the example pipeline's retrain stage gives its candidate folder.
candidate = len(sys.argv) > 1 and not sys.argv[1].startswith('--')
out = sys.argv[1] if candidate else os.path.join(os.path.dirname(__file__), '..', '..', 'prediction')
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(2024)
clf, X, y = example_forest(rng)
with open(os.path.join(out, 'model.onnx'), 'wb') as f:
    f.write(forest_classifier(clf, FEATURES, ['DOWN', 'UP']).SerializeToString())
# The prices to predict (two tickers, a few hundred rows) and a reference period for drift.
prices = [synthetic(rng, 180, 40.0, 'ACME', '2024-01-01'), synthetic(rng, 180, 95.0, 'GLOBEX', '2024-01-01')]
reference = [synthetic(rng, 180, 38.0, 'ACME', '2023-04-17'), synthetic(rng, 180, 90.0, 'GLOBEX', '2023-04-17')]
for name, frames in (('prices.csv', prices), ('reference.csv', reference)):
    pd.concat(frames).sort_values(['Date', 'Ticker'], kind='stable').to_csv(os.path.join(out, name), index=False, float_format='%.4f')
print('training accuracy', clf.score(X, y), 'rows', len(y))

# A candidate (the pipeline's retrain stage) stops here: the test fixture below belongs to the committed model.
if candidate:
    sys.exit(0)

# scikit-learn's own probabilities on the example, for the end-to-end test of `archipel predict`.
if '--expected' not in sys.argv:
    sys.exit(0)
fixture = sys.argv[sys.argv.index('--expected') + 1]
from ohlcv import features
import json
rows = []
for frame in prices:
    f, target = features(frame.reset_index(drop=True).round(4))
    keep = f.notna().all(axis=1)
    p = clf.predict_proba(f[keep].to_numpy(np.float32))[:, 1]
    for (i, row), pu in zip(frame.reset_index(drop=True)[keep].iterrows(), p):
        rows.append([row['Date'], row['Ticker'], float(pu), None if np.isnan(target[i]) else int(target[i])])
with open(fixture, 'w') as f:
    json.dump(sorted(rows, key=lambda r: (r[0], r[1])), f)
