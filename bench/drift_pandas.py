#!/usr/bin/python3
"""The pandas + scipy baseline for `npm run bench` (bench/drift.mjs, bench/wide.mjs): the default drift tests
Model Lens runs (src/core/drift/defaultTest.ts, Evidently's table), for a file of any width, written the way a
pandas user would. Each column's kind follows Model Lens's inferKind (src/core/profile/inferKind.ts):
- skipped: date/time columns, identifiers (every value distinct, >= 20 values: integer columns with an id-like
  name, short text without spaces), free text (mean length > 30, or mostly with spaces and > 50% distinct, or
  > 50% distinct among >= 50 values), and columns without values on either side;
- boolean: bool dtype, or exactly 2 distinct values both among 0/1/true/false/yes/no/y/n/t/f;
- numeric: other numeric dtypes; categorical: the rest.
Tests: reference > 1000 rows: numeric with > 5 distinct values (reference and current together) -> Wasserstein
distance normed by the reference's population std (threshold 0.1); numeric with <= 5 values, categorical and
boolean -> Jensen-Shannon distance of the category shares (0.1). Reference <= 1000 rows: numeric -> KS p-value
(<= 2 values: z-test, 3-5: chi-square), categorical/boolean -> z-test (<= 2 categories) or chi-square (p < 0.05).
Usage: /usr/bin/python3 bench/drift_pandas.py reference.csv current.csv [scores.json]
(CSV only: Debian's Python has no pyarrow, so pandas cannot read Parquet here.) With scores.json, every
column's score is written there, for the benchmark to compare with Model Lens's report."""
import json
import re
import sys
import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

ID_NAME = re.compile(r"(^id$|_id$|^id_|uuid|guid|(^|_)key$)", re.I)
BOOLEAN_WORDS = {"0", "1", "true", "false", "yes", "no", "y", "n", "t", "f"}


def kind(name, s):
    v = s.dropna()
    n = len(v)
    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "datetime"
    distinct = v.nunique()
    unique = n >= 20 and distinct >= 0.98 * n
    if distinct == 2 and all(str(x).lower() in BOOLEAN_WORDS for x in v.unique()):
        return "boolean"
    if pd.api.types.is_numeric_dtype(s):
        if pd.api.types.is_integer_dtype(s) and unique and ID_NAME.search(name):
            return "identifier"
        return "numeric"
    if n == 0:
        return "categorical"
    text = v.astype(str)
    mean_length = text.str.len().mean()
    space_share = text.str.contains(" ", regex=False).mean()
    share = distinct / n
    if unique and mean_length <= 40 and space_share < 0.1:
        return "identifier"
    if mean_length > 30 or (space_share > 0.5 and share > 0.5):
        return "text"
    if share > 0.5 and n >= 50:
        return "text"
    return "categorical"


def shares(r, c):
    rc = r.value_counts()
    cc = c.value_counts()
    keys = sorted(set(rc.index) | set(cc.index), key=str)
    p = np.array([rc.get(k, 0) for k in keys], dtype=float)
    q = np.array([cc.get(k, 0) for k in keys], dtype=float)
    return p, q


def small_test(r, c):
    """Reference <= 1000 rows, counted categories: z-test for two, chi-square for more (p-values)."""
    p, q = shares(r, c)
    if len(p) <= 2:
        if len(p) < 2:
            return 1.0
        n1, n2 = p.sum(), q.sum()
        p1, p2 = p[1] / n1, q[1] / n2
        pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        return min(1.0, 2 * stats.norm.sf(abs(z)))
    return stats.chisquare(q, p / p.sum() * q.sum()).pvalue


def main():
    ref = pd.read_csv(sys.argv[1])
    cur = pd.read_csv(sys.argv[2])
    small = len(ref) <= 1000
    scores = {}
    drifted = 0
    for col in ref.columns:
        if col in ("record_id", "day") or col not in cur.columns:
            continue
        k = kind(col, ref[col])
        if k not in ("numeric", "categorical", "boolean"):
            continue
        r = ref[col].dropna()
        c = cur[col].dropna()
        if k == "numeric":
            r = r[np.isfinite(r.astype(float))]
            c = c[np.isfinite(c.astype(float))]
        if len(r) == 0 or len(c) == 0:
            continue
        n_unique = pd.concat([r, c]).nunique()
        if k == "numeric" and not small and n_unique > 5:
            score = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
            hit = score >= 0.1
        elif k == "numeric" and small and n_unique > 5:
            score = stats.ks_2samp(r, c).pvalue
            hit = score < 0.05
        elif small:
            score = small_test(r.astype(float) if k == "numeric" else r.astype(str), c.astype(float) if k == "numeric" else c.astype(str))
            hit = score < 0.05
        else:
            p, q = shares(r.astype(float) if k == "numeric" else r.astype(str), c.astype(float) if k == "numeric" else c.astype(str))
            score = distance.jensenshannon(p / p.sum(), q / q.sum())
            hit = score >= 0.1
        scores[col] = float(score)
        drifted += bool(hit)
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            json.dump(scores, f)
    print(f"{drifted} of {len(scores)} columns drifted")


main()
