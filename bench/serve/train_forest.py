#!/usr/bin/python3
"""The forest both sides of the serve-load bench serve: the example's RandomForest (examples/portfolio/pipeline/train/example_forest.py, with
train_example.py's seed: the same trees), written as a pickle for the Flask peer and as ONNX (examples/portfolio/pipeline/train/
sk2onnx.py, skl2onnx's layout with its ZipMap) for archipel serve, plus a few feature rows and scikit-learn's
predict_proba on them (and the same forest without its ZipMap, model-tensor.onnx, for the soak's reload), so that the bench checks both services answer the same before measuring them.
Usage: /usr/bin/python3 bench/serve/train_forest.py OUT_DIR (Debian's python3-sklearn, python3-pandas, python3-onnx)."""
import json, os, pickle, sys
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'portfolio', 'pipeline', 'train'))
from example_forest import example_forest
from ohlcv import FEATURES
from sk2onnx import forest_classifier

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(2024)
clf, X, y = example_forest(rng)
with open(os.path.join(out, 'model.onnx'), 'wb') as f:
    f.write(forest_classifier(clf, FEATURES, ['DOWN', 'UP']).SerializeToString())
# The same trees without the ZipMap: another file for the soak's reload, with the same answers.
with open(os.path.join(out, 'model-tensor.onnx'), 'wb') as f:
    f.write(forest_classifier(clf, FEATURES, ['DOWN', 'UP'], zipmap=False).SerializeToString())
with open(os.path.join(out, 'model.pkl'), 'wb') as f:
    pickle.dump({'model': clf, 'features': FEATURES, 'labels': ['DOWN', 'UP'], 'version': 'bench'}, f)
rows = np.asarray(X[:1000], dtype=np.float32)
with open(os.path.join(out, 'rows.json'), 'w') as f:
    json.dump({'rows': rows.astype(float).tolist(), 'proba': clf.predict_proba(rows).tolist()}, f)
