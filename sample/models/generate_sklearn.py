"""Trains the sample scikit-learn model and writes its reference values (run with Debian's /usr/bin/python3:
apt-get install -y python3-sklearn python3-joblib python3-pandas). Python is never needed at runtime; this script
only regenerates the committed files:

  loan_sklearn.joblib           a joblib (zlib) Pipeline: ColumnTransformer(median SimpleImputer on the numeric
                                columns, OneHotEncoder(handle_unknown='ignore') on region and loan_purpose) before a
                                RandomForestClassifier (40 trees, depth <= 6), fitted on loans_reference.csv
  loan_sklearn.expected.json    predict_proba for the first 20 rows of loans_current.csv and its first 5 rows with a
                                missing income, and path-dependent Shapley values of that probability per dataset
                                column by brute force over all coalitions (test/fixtures/sklearn/generate.py)

Usage: /usr/bin/python3 sample/models/generate_sklearn.py
"""
import json
import os
import sys

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'test', 'fixtures', 'sklearn'))
from generate import shap_path  # noqa: E402  (the brute-force Shapley reference)

NUMERIC = ['age', 'income', 'loan_amount', 'credit_score', 'debt_to_income', 'employment_years']
TEXT = ['region', 'loan_purpose']
COLUMNS = NUMERIC + TEXT

ref = pd.read_csv(os.path.join(HERE, '..', 'loans_reference.csv'))
cur = pd.read_csv(os.path.join(HERE, '..', 'loans_current.csv'))
model = Pipeline([
    ('prep', ColumnTransformer([('num', SimpleImputer(strategy='median'), NUMERIC), ('cat', OneHotEncoder(handle_unknown='ignore'), TEXT)])),
    ('clf', RandomForestClassifier(n_estimators=40, max_depth=6, random_state=7, n_jobs=1)),
]).fit(ref[COLUMNS], ref['approved'])
path = os.path.join(HERE, 'loan_sklearn.joblib')
joblib.dump(model, path, compress=('zlib', 3))

loaded = joblib.load(path)
missing = [int(i) for i in np.flatnonzero(cur['income'].isna().to_numpy())[:5]]
rows = list(range(20)) + missing
X = cur[COLUMNS].iloc[rows]
expected = {
    'features': COLUMNS,
    'rows': rows,
    'prediction': loaded.predict_proba(X)[:, 1].astype(float).tolist(),
    'contribs': [r[0] for r in shap_path(loaded, X, COLUMNS, 1)],
}
with open(os.path.join(HERE, 'loan_sklearn.expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
print(f'wrote {path} ({os.path.getsize(path)} bytes) and loan_sklearn.expected.json')
