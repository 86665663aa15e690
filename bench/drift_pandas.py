#!/usr/bin/python3
"""The pandas + scipy baseline for `npm run bench` (bench/drift.mjs): the same default drift tests Model Lens
runs on the synthetic benchmark data, written the way a pandas user would (Evidently's rules):
reference > 1000 rows, so numeric columns with > 5 distinct values → wasserstein distance normed by the
reference std; categorical and boolean columns → Jensen-Shannon distance of category shares; the id and date
columns are skipped. Usage: /usr/bin/python3 bench/drift_pandas.py reference.csv current.csv
(CSV only: Debian's Python has no pyarrow, so pandas cannot read Parquet here.)"""
import sys
import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

ref = pd.read_csv(sys.argv[1])
cur = pd.read_csv(sys.argv[2])
drifted = 0
tested = 0
for col in ref.columns:
    if col in ("record_id", "day"):
        continue
    r = ref[col].dropna()
    c = cur[col].dropna()
    if pd.api.types.is_numeric_dtype(r) and not pd.api.types.is_bool_dtype(r) and pd.concat([r, c]).nunique() > 5:
        score = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
    else:
        rc = r.astype(str).value_counts()
        cc = c.astype(str).value_counts()
        keys = sorted(set(rc.index) | set(cc.index))
        p = np.array([rc.get(k, 0) for k in keys], dtype=float)
        q = np.array([cc.get(k, 0) for k in keys], dtype=float)
        score = distance.jensenshannon(p / p.sum(), q / q.sum())
    tested += 1
    drifted += score >= 0.1
print(f"{drifted} of {tested} columns drifted")
