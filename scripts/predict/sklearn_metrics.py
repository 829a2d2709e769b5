#!/usr/bin/python3
"""scikit-learn's metrics of a predictions CSV written by `archipel predict` (Date, Ticker, prediction, p_<class>...,
y_true), on the rows whose y_true is known: `sklearn_metrics.py PREDICTIONS.csv [OUT.json]`. The reference of the
metrics test on server/test/fixtures/predict/slice.csv (issue #26), made with Debian's pandas and scikit-learn
(`sudo apt-get install python3-pandas python3-sklearn`):

    node bench/predict/generate-large.mjs server/test/fixtures/predict/slice.csv 3000 10 date
    archipel predict examples/portfolio/prediction/model.onnx server/test/fixtures/predict/slice.csv \\
        --recipe ohlcv-22 --out /tmp/slice.predictions.csv
    /usr/bin/python3 scripts/predict/sklearn_metrics.py /tmp/slice.predictions.csv server/test/fixtures/predict/slice-sklearn.json

The same script gave the 1 M-row comparison of docs/predictions-at-scale.md. Probabilities are read as the float64
values Archipel wrote (onnxruntime's float32 values, printed in full)."""
import hashlib, json, sys
import numpy as np
import pandas as pd
from sklearn import metrics

source = sys.argv[1]
df = pd.read_csv(source, keep_default_na=False, dtype={'y_true': str, 'prediction': str})
labels = [c[2:] for c in df.columns if c.startswith('p_')]
known = df[df['y_true'] != '']
index = {name: k for k, name in enumerate(labels)}
y = known['y_true'].map(index).to_numpy(int)
pred = known['prediction'].map(index).to_numpy(int)
P = known[[f'p_{name}' for name in labels]].to_numpy(np.float64)
pr, rc, f1, sup = metrics.precision_recall_fscore_support(y, pred, labels=list(range(len(labels))), zero_division=0)
result = {
    'predictions_sha256': hashlib.sha256(open(source, 'rb').read()).hexdigest(),
    'rows': int(len(known)),
    'accuracy': metrics.accuracy_score(y, pred),
    'precision': pr.tolist(), 'recall': rc.tolist(), 'f1': f1.tolist(), 'support': sup.tolist(),
    'macro_f1': metrics.f1_score(y, pred, average='macro', zero_division=0),
    'roc_auc': metrics.roc_auc_score(y, P[:, 1]) if len(labels) == 2 else metrics.roc_auc_score(y, P, multi_class='ovr'),
    'log_loss': metrics.log_loss(y, P, labels=list(range(len(labels)))),
    'confusion': metrics.confusion_matrix(y, pred, labels=list(range(len(labels)))).tolist(),
}
text = json.dumps(result, indent=1)
if len(sys.argv) > 2:
    with open(sys.argv[2], 'w') as f:
        f.write(text + '\n')
else:
    print(text)
