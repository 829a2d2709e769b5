#!/usr/bin/python3
"""The Python side of the predict-ohlcv bench: the job `archipel predict MODEL INPUT --recipe ohlcv-22` does, as a
practitioner writes it with pandas and scikit-learn: read the CSV, the 22 features per ticker, the forest's
predict_proba, the class from the probability (threshold 0.5), and the predictions CSV (Date, Ticker, prediction,
p_DOWN, p_UP, y_true). `python_predict.py FOREST.pickle INPUT.csv OUTPUT.csv`; prints one JSON line."""
import json, os, pickle, resource, sys, time
import numpy as np
import pandas as pd
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'portfolio', 'pipeline', 'train'))
from ohlcv import features

forest, source, target = sys.argv[1:4]
t0 = time.perf_counter()
with open(forest, 'rb') as f:
    clf = pickle.load(f)
df = pd.read_csv(source)
parts = []
for ticker, group in df.groupby('Ticker', sort=False):
    f, y = features(group)
    f['Date'] = group['Date']
    f['Ticker'] = ticker
    f['y'] = y
    parts.append(f)
table = pd.concat(parts).sort_index(kind='stable')
names = [c for c in table.columns if c not in ('Date', 'Ticker', 'y')]
table = table[table[names].notna().all(axis=1) & np.isfinite(table[names]).all(axis=1)]
p = clf.predict_proba(table[names].to_numpy(np.float32))
labels = np.array(['DOWN', 'UP'])
out = pd.DataFrame({'Date': table['Date'], 'Ticker': table['Ticker'], 'prediction': labels[(p[:, 1] >= 0.5).astype(int)],
                    'p_DOWN': p[:, 0], 'p_UP': p[:, 1],
                    'y_true': pd.Series(labels[table['y'].fillna(0).astype(int)], index=table.index).where(table['y'].notna(), '')})
out.to_csv(target, index=False)
print(json.dumps({'rows': len(df), 'predicted': len(out), 'ms': (time.perf_counter() - t0) * 1000,
                  'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
