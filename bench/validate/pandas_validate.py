"""The validate-large benchmark's peer: the 20 checks of transactions.expectations.json written in
pandas (Debian's python3-pandas; Great Expectations is not installable here), with GX's semantics
(nulls skipped by the column-map checks, mostly, strict bounds). Prints one JSON line: each check's
success and unexpected count, to compare with Archipel's verdicts."""
import json
import re
import sys

import pandas as pd

path = sys.argv[1]
df = pd.read_csv(path, parse_dates=["timestamp"])
n = len(df)
CATS = ["grocery", "fuel", "travel", "dining", "online", "health", "electronics", "clothing"]
out = []


def map_check(mask_unexpected, nonnull, mostly=1.0):
    unexpected = int(mask_unexpected.sum())
    ok = nonnull == 0 or (nonnull - unexpected) / nonnull >= mostly
    out.append({"success": bool(ok), "unexpected_count": unexpected})


def value_check(ok, observed):
    out.append({"success": bool(ok), "observed_value": observed})


def not_null(col):
    map_check(df[col].isna(), n)


def col(name):
    s = df[name]
    return s[s.notna()]


value_check(1 <= n <= 30_000_000, n)
value_check(list(df.columns) == ["transaction_id", "timestamp", "customer_id", "merchant", "category", "amount", "is_fraud"], list(df.columns))
not_null("transaction_id")
s = col("transaction_id")
map_check(s.duplicated(keep=False), len(s))
not_null("timestamp")
s = col("timestamp")
map_check(~((s >= pd.Timestamp("2024-01-01")) & (s <= pd.Timestamp("2025-01-01"))), len(s))
not_null("customer_id")
s = col("customer_id")
map_check(~((s >= 1) & (s <= 1_000_000)), len(s))
s = col("merchant")
map_check(~s.astype(str).str.contains(re.compile(r"^M[0-9]{5}$")), len(s))
s = col("category")
map_check(~s.isin(CATS), len(s))
not_null("amount")
s = col("amount")
map_check(~((s > 0) & (s <= 10_000)), len(s), 0.999)
s = col("is_fraud")
map_check(~s.isin([0, 1]), len(s))
a = col("amount")
value_check(a.min() >= -1000, float(a.min()))
value_check(a.max() <= 10_000, float(a.max()))
value_check(50 <= a.mean() <= 150, float(a.mean()))
value_check(20 <= a.median() <= 120, float(a.median()))
value_check(10 <= a.std() <= 500, float(a.std()))
value_check(set(col("category").unique()) <= set(CATS), sorted(col("category").unique().tolist()))
value_check(0 <= col("is_fraud").mean() <= 0.01, float(col("is_fraud").mean()))
print(json.dumps({"rows": n, "results": out}))
