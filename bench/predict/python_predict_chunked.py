#!/usr/bin/python3
"""The bounded-memory Python side of the predict-1gb bench: python_predict.py's job (the 22 ohlcv-22 features per
ticker, the forest's predict_proba, the class at 0.5, the predictions CSV) done as a practitioner does it when the
file does not fit: `pd.read_csv(chunksize=...)`, each chunk preceded by the last TAIL rows of each ticker carried
from the chunks before (the rolling windows need 50 rows; the EMAs and RSI weigh older rows by at most
(13/14)^TAIL, so their values match the whole-file computation to ~1e-10), each ticker's last row of a chunk held
back until its next close gives the target. Rows are written chunk by chunk in file order, a held row with the next
chunk's. `python_predict_chunked.py FOREST.pickle INPUT.csv OUTPUT.csv CHUNK_ROWS`; prints one JSON line."""
import json, os, pickle, resource, sys, time
import numpy as np
import pandas as pd
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'portfolio', 'pipeline', 'train'))
from ohlcv import features

TAIL = 300
forest, source, target, chunk_rows = sys.argv[1:5]
t0 = time.perf_counter()
with open(forest, 'rb') as f:
    clf = pickle.load(f)
labels = np.array(['DOWN', 'UP'])
tail = None
rows = predicted = 0
first = True


def emit(combined, final):
    """Features of `combined` (carried tail + chunk); writes the rows not written yet whose target is known."""
    global predicted, first
    parts = []
    for ticker, group in combined.groupby('Ticker', sort=False):
        f, y = features(group)
        f['Date'] = group['Date']
        f['Ticker'] = ticker
        f['y'] = y
        f['_row'] = group['_row']
        f['_new'] = group['_new']
        if not final:
            f = f.iloc[:-1]  # its target waits for the ticker's next row
        parts.append(f)
    table = pd.concat(parts)
    table = table[table['_new']].sort_values('_row', kind='stable')
    names = [c for c in table.columns if c not in ('Date', 'Ticker', 'y', '_row', '_new')]
    table = table[table[names].notna().all(axis=1) & np.isfinite(table[names]).all(axis=1)]
    if len(table) == 0:
        return
    p = clf.predict_proba(table[names].to_numpy(np.float32))
    out = pd.DataFrame({'Date': table['Date'], 'Ticker': table['Ticker'], 'prediction': labels[(p[:, 1] >= 0.5).astype(int)],
                        'p_DOWN': p[:, 0], 'p_UP': p[:, 1],
                        'y_true': pd.Series(labels[table['y'].fillna(0).astype(int)], index=table.index).where(table['y'].notna(), '')})
    out.to_csv(target, index=False, header=first, mode='w' if first else 'a')
    first = False
    predicted += len(out)


for chunk in pd.read_csv(source, chunksize=int(chunk_rows)):
    chunk['_row'] = np.arange(rows, rows + len(chunk))
    chunk['_new'] = True
    rows += len(chunk)
    combined = chunk if tail is None else pd.concat([tail, chunk])
    emit(combined, False)
    tail = combined.groupby('Ticker', sort=False).tail(TAIL).copy()
    # Every carried row is written, but the last of each ticker (held back above).
    last = tail.groupby('Ticker', sort=False)['_row'].transform('max') == tail['_row']
    tail['_new'] = last & tail['_new']
if tail is not None:
    emit(tail, True)
print(json.dumps({'rows': rows, 'predicted': predicted, 'ms': (time.perf_counter() - t0) * 1000,
                  'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
