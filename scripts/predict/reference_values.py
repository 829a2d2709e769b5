#!/usr/bin/python3
"""Reference values for the predictions unit tests (issue #17), computed independently with Debian's
pandas, scikit-learn and scipy: `sudo apt-get install python3-pandas python3-sklearn python3-scipy` then
`/usr/bin/python3 scripts/predict/reference_values.py` writes server/test/fixtures/predict/reference.json."""
import json, os
import numpy as np, pandas as pd
from scipy.stats import ks_2samp, wasserstein_distance
from sklearn import metrics

rng = np.random.default_rng(17)

def ohlcv(n, start):
    c = start * np.cumprod(1 + rng.normal(0, 0.01, n))
    o = c * (1 + rng.normal(0, 0.003, n))
    h = np.maximum(o, c) * (1 + np.abs(rng.normal(0, 0.004, n)))
    l = np.minimum(o, c) * (1 - np.abs(rng.normal(0, 0.004, n)))
    v = rng.integers(1e5, 1e6, n).astype(float)
    return pd.DataFrame({'Open': o, 'High': h, 'Low': l, 'Close': c, 'Volume': v})

def features(df):
    c = df['Close']; r1 = c.pct_change(); f = pd.DataFrame(index=df.index)
    for n in (5, 10, 20, 50): f[f'SMA_{n}'] = c.rolling(n).mean()
    for n in (5, 10, 20): f[f'EMA_{n}'] = c.ewm(span=n, adjust=False).mean()
    d = c.diff()
    g = d.clip(lower=0).ewm(alpha=1/14, adjust=False).mean(); lo = (-d).clip(lower=0).ewm(alpha=1/14, adjust=False).mean()
    f['RSI'] = 100 - 100 / (1 + g / lo)
    macd = c.ewm(span=12, adjust=False).mean() - c.ewm(span=26, adjust=False).mean()
    f['MACD'] = macd; f['MACD_Signal'] = macd.ewm(span=9, adjust=False).mean(); f['MACD_Hist'] = macd - f['MACD_Signal']
    m = c.rolling(20).mean(); sd = c.rolling(20).std(ddof=0)
    f['BB_Width'] = 4 * sd / m; f['BB_Position'] = (c - (m - 2 * sd)) / (4 * sd)
    f['Volatility_10d'] = r1.rolling(10).std(); f['Volatility_20d'] = r1.rolling(20).std()
    f['Return_1d'] = r1; f['Return_5d'] = c.pct_change(5); f['Return_10d'] = c.pct_change(10)
    f['Volume_Ratio'] = df['Volume'] / df['Volume'].rolling(20).mean()
    f['High_Low_Range'] = (df['High'] - df['Low']) / c; f['Close_Position'] = (c - df['Low']) / (df['High'] - df['Low'])
    f['Gap'] = (df['Open'] - c.shift(1)) / c.shift(1)
    f['Target'] = (c.shift(-1) > c).astype(float); f.loc[f.index[-1], 'Target'] = np.nan
    return f

tickers = {}
for t, n, s in (('AAA', 120, 100.0), ('BBB', 90, 20.0)):
    df = ohlcv(n, s); f = features(df)
    tickers[t] = {'ohlcv': {k: df[k].tolist() for k in df.columns},
                  'features': {k: [None if np.isnan(x) else x for x in f[k]] for k in f.columns}}

y2 = rng.integers(0, 2, 60); p2 = np.clip(rng.random(60) * 0.6 + y2 * 0.3, 0, 1); P2 = np.c_[1 - p2, p2]
pred2 = (p2 >= 0.5).astype(int)
y3 = rng.integers(0, 3, 80); P3 = rng.dirichlet([1, 1, 1], 80); P3[np.arange(80), y3] += 0.3; P3 /= P3.sum(1, keepdims=True)
pred3 = P3.argmax(1)
def m(y, pred, P, multi):
    pr, rc, f1, sup = metrics.precision_recall_fscore_support(y, pred, zero_division=0)
    return {'y': y.tolist(), 'pred': pred.tolist(), 'proba': P.tolist(), 'accuracy': metrics.accuracy_score(y, pred),
            'precision': pr.tolist(), 'recall': rc.tolist(), 'f1': f1.tolist(), 'support': sup.tolist(),
            'macro_f1': metrics.f1_score(y, pred, average='macro', zero_division=0),
            'roc_auc': metrics.roc_auc_score(y, P, multi_class='ovr') if multi else metrics.roc_auc_score(y, P[:, 1]),
            'log_loss': metrics.log_loss(y, P), 'confusion': metrics.confusion_matrix(y, pred).tolist()}

drift = []
for n1, n2, shift in ((30, 45, 0.4), (200, 150, 0.0), (500, 700, 0.15), (12, 12, 1.0)):
    a = rng.normal(0, 1, n1); b = rng.normal(shift, 1.2, n2)
    if n1 == 200: a = np.round(a, 1); b = np.round(b, 1)  # ties
    r = ks_2samp(a, b)
    drift.append({'a': a.tolist(), 'b': b.tolist(), 'ks': r.statistic, 'p': r.pvalue,
                  'wd': wasserstein_distance(a, b), 'wd_norm': wasserstein_distance(a, b) / max(np.std(a), 0.001)})

out = os.path.join(os.path.dirname(__file__), '../../server/test/fixtures/predict/reference.json')
with open(out, 'w') as fh:
    json.dump({'tickers': tickers, 'binary': m(y2, pred2, P2, False), 'multiclass': m(y3, pred3, P3, True), 'drift': drift}, fh)
