#!/usr/bin/python3
"""Data for the predict-ohlcv bench: `setup.py DIR ROWS TREES` writes DIR/prices.csv (ROWS rows of synthetic OHLCV
prices, four tickers interleaved by date), trains a TREES-tree RandomForest (Debian's scikit-learn) on separate
synthetic prices, and writes it twice: DIR/forest.pickle for the Python peer and DIR/model.onnx (skl2onnx's layout,
ZipMap output, feature_names and labels metadata) for Archipel. Same forest on both sides."""
import os, pickle, sys
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'portfolio', 'pipeline', 'train'))
from ohlcv import FEATURES, synthetic, training_set
from sk2onnx import forest_classifier

out, rows, trees = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(100)
X, y = training_set(rng, tickers=8, n=2500)
clf = RandomForestClassifier(n_estimators=trees, max_depth=8, min_samples_leaf=10, random_state=1, n_jobs=1).fit(X, y)
with open(os.path.join(out, 'forest.pickle'), 'wb') as f:
    pickle.dump(clf, f)
with open(os.path.join(out, 'model.onnx'), 'wb') as f:
    f.write(forest_classifier(clf, FEATURES, ['DOWN', 'UP']).SerializeToString())
per = rows // 4
frames = [synthetic(rng, per, 20.0 + 25 * k, f'T{k}', '2020-01-01', freq='min', sigma=0.001) for k in range(4)]
# Interleaved by date, as a market data export is; full precision.
prices = pd.concat(frames).sort_values(['Date', 'Ticker'], kind='stable')
prices.to_csv(os.path.join(out, 'prices.csv'), index=False)
