#!/usr/bin/python3
"""The pandas + scipy peer of `model-lens drift FILE --time-column day --window week` (bench/driftOverTime.mjs):
the file split into ISO weeks (Monday to Sunday) of its `day` column, the first week the reference, and every
later week compared with it window by window, with the default tests Model Lens chooses (Evidently's rules, as
bench/drift_pandas.py): numeric columns with > 5 distinct values → Wasserstein distance normed by the reference
std (numpy.std, floored at 0.001), categorical and boolean columns → Jensen-Shannon distance of category
shares; the id and date columns are skipped. Prints one JSON line: every later window's scores by column, in
time order, which the bench compares with Model Lens' report (to 1e-12).
Usage: /usr/bin/python3 bench/drift_windows_pandas.py data.csv [time_column]"""
import json
import sys
import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

time_col = sys.argv[2] if len(sys.argv) > 2 else "day"
df = pd.read_csv(sys.argv[1], parse_dates=[time_col])
week = df[time_col].dt.to_period("W-SUN").dt.start_time
windows = [g for _, g in df.groupby(week, sort=True)]
ref = windows[0]
if len(ref) <= 1000:
    # Evidently's rules for a small reference (KS, chi-square, z-test p-values) are not implemented here.
    sys.exit(f"the first window has {len(ref)} rows; this peer implements the default tests for a reference of more than 1000 rows only")
rest = df[week != week.min()]
cols = [c for c in df.columns if c not in ("record_id", time_col)]
# The test of each column is chosen once, on the reference window against all later windows (as Model Lens).
numeric = {c: pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
           and pd.concat([ref[c], rest[c]]).dropna().nunique() > 5 for c in cols}
out = []
for cur in windows[1:]:
    scores = {}
    for col in cols:
        r = ref[col].dropna()
        c = cur[col].dropna()
        if numeric[col]:
            scores[col] = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
        else:
            rc = r.astype(str).value_counts()
            cc = c.astype(str).value_counts()
            keys = sorted(set(rc.index) | set(cc.index))
            p = np.array([rc.get(k, 0) for k in keys], dtype=float)
            q = np.array([cc.get(k, 0) for k in keys], dtype=float)
            scores[col] = distance.jensenshannon(p / p.sum(), q / q.sum())
    out.append({"start": str(cur[time_col].min().to_period("W-SUN").start_time.date()), "scores": scores})
print(json.dumps(out))
