#!/usr/bin/python3
"""Test models for the tabular loader (issue #17): small scikit-learn forests written as ONNX by examples/portfolio/pipeline/train/sk2onnx.py (binary and
multiclass, with tensor output and with skl2onnx's default ZipMap output, and a regressor), with scikit-learn's
predict_proba / predict on fixed rows. `sudo apt-get install python3-sklearn python3-onnx` then
`/usr/bin/python3 scripts/predict/test_models.py` writes server/test/fixtures/predict/models/."""
import json, os, sys
import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'portfolio', 'pipeline', 'train'))
from sk2onnx import forest_classifier, forest_regressor

out = os.path.join(os.path.dirname(__file__), '..', '..', 'server', 'test', 'fixtures', 'predict', 'models')
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(21)
names = ['alpha', 'beta', 'gamma', 'delta']
X = rng.normal(0, 1, (300, 4)).astype(np.float32)
y2 = (X[:, 0] + 0.5 * X[:, 1] * X[:, 2] + rng.normal(0, 0.5, 300) > 0).astype(int)
y3 = np.digitize(X[:, 0] - X[:, 3] + rng.normal(0, 0.4, 300), [-0.6, 0.6])
yr = X[:, 0] * 2 + np.sin(X[:, 1]) + rng.normal(0, 0.1, 300)
Xt = rng.normal(0, 1.2, (50, 4)).astype(np.float32)

def save(model, name):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(model.SerializeToString())

b = RandomForestClassifier(n_estimators=12, max_depth=5, random_state=1).fit(X, y2)
m = RandomForestClassifier(n_estimators=12, max_depth=5, random_state=2).fit(X, y3)
r = RandomForestRegressor(n_estimators=8, max_depth=5, random_state=3).fit(X, yr)
save(forest_classifier(b, names, ['DOWN', 'UP'], zipmap=False), 'binary.onnx')
save(forest_classifier(b, names, ['DOWN', 'UP'], zipmap=True), 'binary-zipmap.onnx')
save(forest_classifier(m, names, ['low', 'mid', 'high'], zipmap=False), 'multiclass.onnx')
save(forest_classifier(m, names, ['low', 'mid', 'high'], zipmap=True), 'multiclass-zipmap.onnx')
save(forest_regressor(r, names), 'regressor.onnx')
save(forest_classifier(b, None, None, zipmap=True), 'no-metadata.onnx')
expected = {'features': names, 'rows': Xt.astype(float).tolist(),
            'binary': b.predict_proba(Xt).tolist(), 'multiclass': m.predict_proba(Xt).tolist(),
            'regressor': r.predict(Xt).tolist()}
with open(os.path.join(out, 'expected.json'), 'w') as f:
    json.dump(expected, f)
