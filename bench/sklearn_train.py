"""Benchmark helper for bench/sklearn.mjs (Debian /usr/bin/python3, scikit-learn 1.2.1, joblib). Never used at runtime.

  train <csv> <out_dir> [names…]    fit on the first 100k rows (13 numeric features of the bench dataset) and write
                                    rf500.pkl (500 trees, max_depth 10), rf500.joblib (the same, zlib),
                                    rf100.pkl (100 trees, max_depth 8) and rf100d6.pkl (100 trees, max_depth 6,
                                    the depth of the XGBoost predict benchmark); only the names given, if any
  predict <model.pkl> <csv> <rows>  time predict_proba (n_jobs=1) over the first <rows> rows (only that call)
  load <model.pkl>                  time pickle.load (Python's own unpickler, which runs the file)
"""
import json
import os
import pickle
import sys
import time

import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

FEATURES = [f'num_{k}' for k in range(10)] + [f'int_{k}' for k in range(3)]


def frame(csv, rows):
    return pd.read_csv(csv, usecols=FEATURES, nrows=rows)[FEATURES].astype(np.float64)


def train(csv, out, names):
    X = frame(csv, 100_000)
    rng = np.random.default_rng(7)
    z = (X['num_0'] - 10) - 0.5 * (X['num_1'] - 20) / 2 + 0.3 * (X['num_2'] - 30) * (X['int_0'] > 50) + rng.normal(0, 1, len(X))
    y = (z > 0).astype(int)
    for trees, depth, name in [(500, 10, 'rf500'), (100, 8, 'rf100'), (100, 6, 'rf100d6')]:
        if names and name not in names:
            continue
        m = RandomForestClassifier(n_estimators=trees, max_depth=depth, random_state=7, n_jobs=2).fit(X, y)
        m.n_jobs = 1
        with open(os.path.join(out, f'{name}.pkl'), 'wb') as fh:
            pickle.dump(m, fh, protocol=4)
        if name == 'rf500':
            joblib.dump(m, os.path.join(out, f'{name}.joblib'), compress=('zlib', 3))


def predict(model, csv, rows):
    with open(model, 'rb') as fh:
        m = pickle.load(fh)
    m.n_jobs = 1
    X = frame(csv, rows)
    t = time.perf_counter()
    m.predict_proba(X)
    print(json.dumps({'rows': rows, 'ms': (time.perf_counter() - t) * 1000}))


def load(model):
    t = time.perf_counter()
    with open(model, 'rb') as fh:
        pickle.load(fh)
    print(json.dumps({'ms': (time.perf_counter() - t) * 1000}))


if __name__ == '__main__':
    if sys.argv[1] == 'train':
        train(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == 'predict':
        predict(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        load(sys.argv[2])
