"""Trains the sample XGBoost model and writes its reference predictions (run with Debian's /usr/bin/python3,
xgboost 1.7.4). Python is never needed at runtime; this script only regenerates the committed files:

  loan_xgb.json           binary:logistic, 50 trees of depth <= 4, on the numeric columns of loans_reference.csv
  loan_xgb.expected.json  xgboost's predict (probability), margin and pred_contribs for the first 20 rows of
                          loans_current.csv plus its first 5 rows with a missing income (NaN, the split's
                          default direction), read back from the saved file (what Model Lens loads)

Usage: /usr/bin/python3 sample/models/generate.py
"""
import json
import os

import numpy as np
import pandas as pd
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = ['age', 'income', 'loan_amount', 'credit_score', 'debt_to_income', 'employment_years', 'num_open_accounts']

ref = pd.read_csv(os.path.join(HERE, '..', 'loans_reference.csv'))
cur = pd.read_csv(os.path.join(HERE, '..', 'loans_current.csv'))
train = xgb.DMatrix(ref[FEATURES].astype(np.float64), label=ref['approved'], feature_names=FEATURES)
params = {'objective': 'binary:logistic', 'max_depth': 4, 'eta': 0.1, 'seed': 7, 'nthread': 1, 'tree_method': 'exact'}
booster = xgb.train(params, train, num_boost_round=50)
model_path = os.path.join(HERE, 'loan_xgb.json')
booster.save_model(model_path)

loaded = xgb.Booster(model_file=model_path)
missing = [int(i) for i in np.flatnonzero(cur['income'].isna().to_numpy())[:5]]
rows = list(range(20)) + missing
X = cur[FEATURES].iloc[rows].astype(np.float64)
d = xgb.DMatrix(X, feature_names=FEATURES)
expected = {
    'features': FEATURES,
    'rows': rows,
    'X': [[None if np.isnan(v) else float(v) for v in row] for row in X.to_numpy()],
    'prediction': loaded.predict(d).astype(float).tolist(),
    'margin': loaded.predict(d, output_margin=True).astype(float).tolist(),
    'contribs': loaded.predict(d, pred_contribs=True).astype(float).tolist(),
}
with open(os.path.join(HERE, 'loan_xgb.expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
print(f'wrote {model_path} ({os.path.getsize(model_path)} bytes) and loan_xgb.expected.json')
