"""Synthetic OHLCV prices and the ohlcv-22 features in pandas (the issue's definitions), shared by the example's
training script and the predict-ohlcv bench. Prices follow a random walk whose drift leans on the last five days'
return, so that the next day's direction is a little predictable and the example's metrics mean something."""
import numpy as np
import pandas as pd

FEATURES = ['SMA_5', 'SMA_10', 'SMA_20', 'SMA_50', 'EMA_5', 'EMA_10', 'EMA_20', 'RSI', 'MACD', 'MACD_Signal',
            'MACD_Hist', 'BB_Width', 'BB_Position', 'Volatility_10d', 'Volatility_20d', 'Return_1d', 'Return_5d',
            'Return_10d', 'Volume_Ratio', 'High_Low_Range', 'Close_Position', 'Gap']


def synthetic(rng, n, start=100.0, ticker=None, first_day='2022-01-03', freq='B', sigma=0.012):
    """n rows of prices; `freq` 'B' gives business days, 'min' minute bars (a long series stays in pandas' dates);
    `sigma` the daily noise (minute bars move less: a long series must not wander to zero)."""
    r = np.zeros(n)
    noise = rng.normal(0, sigma, n)
    for i in range(1, n):
        r[i] = noise[i] - 0.25 * r[max(0, i - 5):i].sum() / 5
    close = start * np.cumprod(1 + r)
    open_ = np.r_[start, close[:-1]] * (1 + rng.normal(0, 0.003, n))
    high = np.maximum(open_, close) * (1 + np.abs(rng.normal(0, 0.004, n)))
    low = np.minimum(open_, close) * (1 - np.abs(rng.normal(0, 0.004, n)))
    volume = rng.integers(100_000, 1_000_000, n).astype(float)
    dates = pd.date_range(first_day, periods=n, freq=freq)
    df = pd.DataFrame({'Date': dates.strftime('%Y-%m-%d' if freq == 'B' else '%Y-%m-%d %H:%M'),
                       'Open': open_, 'High': high, 'Low': low, 'Close': close, 'Volume': volume})
    if ticker is not None:
        df.insert(1, 'Ticker', ticker)
    return df


def features(df):
    """The 22 features and the target (1 when the next close is higher) of one ticker's rows."""
    c = df['Close']
    r1 = c.pct_change()
    f = pd.DataFrame(index=df.index)
    for n in (5, 10, 20, 50):
        f[f'SMA_{n}'] = c.rolling(n).mean()
    for n in (5, 10, 20):
        f[f'EMA_{n}'] = c.ewm(span=n, adjust=False).mean()
    d = c.diff()
    gain = d.clip(lower=0).ewm(alpha=1 / 14, adjust=False).mean()
    loss = (-d).clip(lower=0).ewm(alpha=1 / 14, adjust=False).mean()
    f['RSI'] = 100 - 100 / (1 + gain / loss)
    macd = c.ewm(span=12, adjust=False).mean() - c.ewm(span=26, adjust=False).mean()
    f['MACD'] = macd
    f['MACD_Signal'] = macd.ewm(span=9, adjust=False).mean()
    f['MACD_Hist'] = macd - f['MACD_Signal']
    m = c.rolling(20).mean()
    sd = c.rolling(20).std(ddof=0)
    f['BB_Width'] = 4 * sd / m
    f['BB_Position'] = (c - (m - 2 * sd)) / (4 * sd)
    f['Volatility_10d'] = r1.rolling(10).std()
    f['Volatility_20d'] = r1.rolling(20).std()
    f['Return_1d'] = r1
    f['Return_5d'] = c.pct_change(5)
    f['Return_10d'] = c.pct_change(10)
    f['Volume_Ratio'] = df['Volume'] / df['Volume'].rolling(20).mean()
    f['High_Low_Range'] = (df['High'] - df['Low']) / c
    f['Close_Position'] = (c - df['Low']) / (df['High'] - df['Low'])
    f['Gap'] = (df['Open'] - c.shift(1)) / c.shift(1)
    target = (c.shift(-1) > c).astype(float)
    target.iloc[-1] = np.nan
    return f, target


def training_set(rng, tickers, n):
    """Features and targets of `tickers` synthetic series of `n` rows, warm-up and last rows dropped."""
    xs, ys = [], []
    for k in range(tickers):
        f, y = features(synthetic(rng, n, start=20 + 30 * k))
        keep = f.notna().all(axis=1) & y.notna()
        xs.append(f[keep].to_numpy(np.float32))
        ys.append(y[keep].to_numpy(int))
    return np.concatenate(xs), np.concatenate(ys)
