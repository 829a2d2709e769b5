"""The peer of the serve-load bench: the seeds' Flask API serving a scikit-learn forest (the way the seeds' MLOps
project serves its RandomForest): GET /health, GET /model/info, POST /predict, POST /predict/batch with the same
response shapes as archipel serve. Run behind gunicorn: ARCHIPEL_BENCH_MODEL=model.pkl gunicorn flask_app:app."""
import os
import pickle
from datetime import datetime, timezone

import numpy as np
from flask import Flask, jsonify, request

with open(os.environ['ARCHIPEL_BENCH_MODEL'], 'rb') as f:
    bundle = pickle.load(f)
model = bundle['model']
FEATURES = bundle['features']
LABELS = bundle['labels']
VERSION = bundle['version']
app = Flask(__name__)


def _prediction(p, timestamp):
    k = int(p[1] >= 0.5) if len(p) == 2 else int(np.argmax(p))
    return {'prediction': k, 'prediction_label': LABELS[k], 'probability': float(p[k]),
            'probabilities': {name: float(v) for name, v in zip(LABELS, p)},
            'model_version': VERSION, 'timestamp': timestamp}


def _rows(items):
    rows = [[item[name] for name in FEATURES] if isinstance(item, dict) else item for item in items]
    x = np.asarray(rows, dtype=np.float32)
    if x.ndim != 2 or x.shape[1] != len(FEATURES):
        raise ValueError(f'expected {len(FEATURES)} features per row')
    return x


@app.get('/health')
def health():
    return jsonify(status='healthy', model_loaded=True)


@app.get('/model/info')
def info():
    return jsonify(name='model.pkl', version=VERSION, feature_names=FEATURES, class_names=LABELS)


@app.post('/predict')
def predict():
    try:
        x = _rows([request.get_json()['features']])
    except (KeyError, TypeError, ValueError) as error:
        return jsonify(error=str(error)), 400
    p = model.predict_proba(x)[0]
    return jsonify(_prediction(p, datetime.now(timezone.utc).isoformat()))


@app.post('/predict/batch')
def predict_batch():
    try:
        x = _rows(request.get_json()['instances'])
    except (KeyError, TypeError, ValueError) as error:
        return jsonify(error=str(error)), 400
    timestamp = datetime.now(timezone.utc).isoformat()
    predictions = [_prediction(p, timestamp) for p in model.predict_proba(x)]
    return jsonify(predictions=predictions, count=len(predictions), model_version=VERSION)
