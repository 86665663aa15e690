"""Benchmark helper for bench/explain.mjs (Debian /usr/bin/python3, xgboost 1.7.4). Never used at runtime.

  train <csv> <out_200x6.json> <out_100x6.json>   train two binary:logistic models on the first 200k rows
  contribs|predict <model.json> <csv> <rows>      time booster.predict(pred_contribs=True), or predict(), on one
                                                  thread over the first <rows> rows (only the predict call)
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb

FEATURES = [f'num_{k}' for k in range(10)] + [f'int_{k}' for k in range(3)]


def frame(csv, rows):
    return pd.read_csv(csv, usecols=FEATURES, nrows=rows)[FEATURES].astype(np.float64)


def train(csv, out200, out100):
    X = frame(csv, 200_000)
    rng = np.random.default_rng(7)
    z = (X['num_0'] - 10) - 0.5 * (X['num_1'] - 20) / 2 + 0.3 * (X['num_2'] - 30) * (X['int_0'] > 50) + rng.normal(0, 1, len(X))
    d = xgb.DMatrix(X, label=(z > 0).astype(int), feature_names=FEATURES)
    for rounds, out in [(200, out200), (100, out100)]:
        params = {'objective': 'binary:logistic', 'max_depth': 6, 'eta': 0.1, 'seed': 7, 'tree_method': 'hist', 'nthread': 2}
        xgb.train(params, d, num_boost_round=rounds).save_model(out)


def timing(mode, model, csv, rows):
    booster = xgb.Booster(model_file=model)
    booster.set_param({'nthread': 1})
    d = xgb.DMatrix(frame(csv, rows), feature_names=FEATURES, nthread=1)
    t = time.perf_counter()
    booster.predict(d, pred_contribs=(mode == 'contribs'))
    print(json.dumps({'rows': rows, 'mode': mode, 'ms': (time.perf_counter() - t) * 1000}))


if __name__ == '__main__':
    if sys.argv[1] == 'train':
        train(*sys.argv[2:5])
    else:
        timing(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
