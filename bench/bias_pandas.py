#!/usr/bin/python3
"""The pandas baseline for `npm run bench` (bench/bias.mjs): the same bias metrics Model Lens computes, written
the way a pandas user would: for every sensitive attribute and every intersection of them (3 attributes → 7
attribute sets) one groupby summing the confusion cells, then per group base rate, selection rate, TPR, FPR, FNR,
TNR, precision, NPV and accuracy; per attribute set the max−min differences and min/max ratios (demographic
parity, equalized odds, equal opportunity, predictive parity, accuracy), the differences/ratios to overall, and
disparate impact / statistical parity / average odds against the group with the highest selection rate among
groups of at least 30 rows. Missing sensitive values form their own group '(missing)', as in Model Lens.
Loading the CSV is timed separately (sensitive columns read as category, which favours pandas); the printed
JSON gives load_ms and groupby_ms (everything after loading). Debian's Python has no pyarrow, so CSV only.
Usage: /usr/bin/python3 bench/bias_pandas.py data.csv gender,race,age_band label prediction"""
import itertools
import json
import sys
import time
import pandas as pd

path, sens, label, pred = sys.argv[1], sys.argv[2].split(","), sys.argv[3], sys.argv[4]
t0 = time.perf_counter()
df = pd.read_csv(path, dtype={s: str for s in sens}, keep_default_na=False, na_values={label: [""], pred: [""]})
for s in sens:  # an empty field is a missing value: its own group, named as Model Lens names it
    df[s] = df[s].replace("", "(missing)").astype("category")
t1 = time.perf_counter()


def base(c):
    p, n = c.tp + c.fn, c.fp + c.tn
    return pd.DataFrame({
        "n": c.n, "baseRate": p / c.n, "selectionRate": (c.tp + c.fp) / c.n, "tpr": c.tp / p, "fpr": c.fp / n,
        "fnr": c.fn / p, "tnr": c.tn / n, "precision": c.tp / (c.tp + c.fp), "npv": c.tn / (c.tn + c.fn), "accuracy": (c.tp + c.tn) / c.n,
    })


y = df[label] == 1
yhat = df[pred] == 1
cells = pd.DataFrame({"tp": y & yhat, "fp": ~y & yhat, "fn": y & ~yhat, "tn": ~y & ~yhat}).astype("int64")
cells["n"] = 1
for s in sens:
    cells[s] = df[s]
overall = base(cells[["tp", "fp", "fn", "tn", "n"]].sum().to_frame().T).iloc[0]
report = {}
for k in range(1, len(sens) + 1):
    for combo in itertools.combinations(sens, k):
        g = base(cells.groupby(list(combo), observed=True)[["tp", "fp", "fn", "tn", "n"]].sum())
        big = g[g.n >= 30]
        m = {}
        for name, bases, ratio in [("demographicParity", ["selectionRate"], True), ("equalizedOdds", ["tpr", "fpr"], True),
                                   ("equalOpportunity", ["tpr"], True), ("predictiveParity", ["precision"], False), ("accuracyParity", ["accuracy"], True)]:
            m[name + "Difference"] = max(big[b].max() - big[b].min() for b in bases)
            m[name + "DifferenceToOverall"] = max((big[b] - overall[b]).abs().max() for b in bases)
            if ratio:
                m[name + "Ratio"] = min(big[b].min() / big[b].max() for b in bases)
                m[name + "RatioToOverall"] = min(pd.concat([big[b] / overall[b], overall[b] / big[b]], axis=1).min(axis=1).min() for b in bases)
        ref = big.selectionRate.idxmax()
        others = big.drop(index=ref)
        m["disparateImpact"] = (others.selectionRate / big.selectionRate[ref]).min()
        spd = others.selectionRate - big.selectionRate[ref]
        aod = 0.5 * ((others.fpr - big.fpr[ref]) + (others.tpr - big.tpr[ref]))
        m["statisticalParityDifference"] = spd.loc[spd.abs().idxmax()]  # signed, the largest in size
        m["averageOddsDifference"] = aod.loc[aod.abs().idxmax()]
        report[" & ".join(combo)] = {"groups": len(g), "metrics": m}
t2 = time.perf_counter()
print(json.dumps({"rows": len(df), "load_ms": (t1 - t0) * 1000, "groupby_ms": (t2 - t1) * 1000, "attributeSets": len(report),
                  "groups": sum(r["groups"] for r in report.values()), "metrics": {k: r["metrics"] for k, r in report.items()}}))
