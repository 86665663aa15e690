"""Second model version plus MLflow- and DVC-style folders for "Compare model versions" (issue #7).
Run with Debian's /usr/bin/python3 (xgboost 1.7.4, scikit-learn, pandas, pyyaml-free: YAML is written by hand).
Deterministic: fixed seeds, fixed run ids and timestamps. Writes:

  sample/models/loan_xgb_v2.json   binary:logistic, 120 trees of depth <= 5, eta 0.05; drops num_open_accounts,
                                   adds has_mortgage (so the feature diff shows one added and one removed)
  sample/models/mlruns/                 a local MLflow tracking folder: experiment 1 "loan-approval" with two runs
                                   (v1 = loan_xgb.json, v2 = loan_xgb_v2.json): meta.yaml, params/, metrics/ (val_auc,
                                   val_logloss computed on loans_current.csv with scikit-learn, two steps each, the
                                   last is the final value), tags/, artifacts/model/{MLmodel, model.json}, and
                                   model-registry folders models/loan-approval/version-{1,2}/meta.yaml
  sample/models/dvc/                    a DVC-style project: dvc.yaml (train stage: params, outs, metrics), dvc.lock with the
                                   md5 of model.json (= v2), params.yaml, metrics.json, and baseline.json.dvc (= v1)

Usage: /usr/bin/python3 sample/models/generate_versions.py
"""
import hashlib
import json
import os
import shutil

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import log_loss, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.dirname(HERE)
V1_FEATURES = ['age', 'income', 'loan_amount', 'credit_score', 'debt_to_income', 'employment_years', 'num_open_accounts']
V2_FEATURES = ['age', 'income', 'loan_amount', 'credit_score', 'debt_to_income', 'employment_years', 'has_mortgage']
V1_PARAMS = {'objective': 'binary:logistic', 'max_depth': 4, 'eta': 0.1, 'seed': 7, 'nthread': 1, 'tree_method': 'exact'}
V2_PARAMS = {'objective': 'binary:logistic', 'max_depth': 5, 'eta': 0.05, 'seed': 7, 'nthread': 1, 'tree_method': 'exact'}

ref = pd.read_csv(os.path.join(SAMPLE, 'loans_reference.csv'))
cur = pd.read_csv(os.path.join(SAMPLE, 'loans_current.csv'))


def frame(df, features):
    return df[features].astype(np.float64)


train = xgb.DMatrix(frame(ref, V2_FEATURES), label=ref['approved'], feature_names=V2_FEATURES)
v2 = xgb.train(V2_PARAMS, train, num_boost_round=120)
v1_path = os.path.join(HERE, 'loan_xgb.json')
v2_path = os.path.join(HERE, 'loan_xgb_v2.json')
v2.save_model(v2_path)
v1 = xgb.Booster(model_file=v1_path)


def scores(booster, features, steps):
    y = cur['approved'].to_numpy()
    out = {}
    for step, rows in steps:
        p = booster.predict(xgb.DMatrix(frame(cur.iloc[:rows], features), feature_names=features))
        out.setdefault('val_auc', []).append((step, roc_auc_score(y[:rows], p)))
        out.setdefault('val_logloss', []).append((step, log_loss(y[:rows], p)))
    return out


STEPS = [(0, 1000), (1, len(cur))]  # the last step (all rows) is the value a diff reports
runs = [
    {'id': '1a2b3c4d5e6f40718293a4b5c6d7e8f1', 'name': 'xgb-depth4', 'start': 1795000000000, 'file': v1_path,
     'params': {**V1_PARAMS, 'num_boost_round': 50, 'features': ','.join(V1_FEATURES)}, 'metrics': scores(v1, V1_FEATURES, STEPS)},
    {'id': '9f8e7d6c5b4a40312f1e0d9c8b7a6f52', 'name': 'xgb-depth5', 'start': 1795086400000, 'file': v2_path,
     'params': {**V2_PARAMS, 'num_boost_round': 120, 'features': ','.join(V2_FEATURES)}, 'metrics': scores(v2, V2_FEATURES, STEPS)},
]

mlruns = os.path.join(HERE, 'mlruns')
shutil.rmtree(mlruns, ignore_errors=True)
exp = os.path.join(mlruns, '1')
os.makedirs(exp)
with open(os.path.join(exp, 'meta.yaml'), 'w') as f:
    f.write('artifact_location: mlruns/1\ncreation_time: 1795000000000\nexperiment_id: \'1\'\nlast_update_time: 1795000000000\nlifecycle_stage: active\nname: loan-approval\n')
for r in runs:
    d = os.path.join(exp, r['id'])
    for sub in ('params', 'metrics', 'tags', 'artifacts/model'):
        os.makedirs(os.path.join(d, sub))
    with open(os.path.join(d, 'meta.yaml'), 'w') as f:
        f.write(f"artifact_uri: mlruns/1/{r['id']}/artifacts\nend_time: {r['start'] + 60000}\nentry_point_name: ''\nexperiment_id: '1'\n"
                f"lifecycle_stage: active\nrun_id: {r['id']}\nrun_name: {r['name']}\nrun_uuid: {r['id']}\nsource_name: ''\nsource_type: 4\n"
                f"source_version: ''\nstart_time: {r['start']}\nstatus: 3\ntags: []\nuser_id: sample\n")
    for k, v in r['params'].items():
        with open(os.path.join(d, 'params', k), 'w') as f:
            f.write(str(v))
    for k, series in r['metrics'].items():
        with open(os.path.join(d, 'metrics', k), 'w') as f:
            f.write(''.join(f"{r['start'] + 1000 * (step + 1)} {value!r} {step}\n" for step, value in series))
    for k, v in {'mlflow.runName': r['name'], 'mlflow.user': 'sample', 'mlflow.source.type': 'LOCAL'}.items():
        with open(os.path.join(d, 'tags', k), 'w') as f:
            f.write(v)
    shutil.copyfile(r['file'], os.path.join(d, 'artifacts', 'model', 'model.json'))
    with open(os.path.join(d, 'artifacts', 'model', 'MLmodel'), 'w') as f:
        f.write(f"artifact_path: model\nflavors:\n  python_function:\n    data: model.json\n    loader_module: mlflow.xgboost\n    python_version: 3.11.2\n"
                f"  xgboost:\n    code: null\n    data: model.json\n    model_class: xgboost.core.Booster\n    model_format: json\n    xgb_version: 1.7.4\n"
                f"mlflow_version: 2.9.2\nmodel_uuid: {r['id'][::-1]}\nrun_id: {r['id']}\nutc_time_created: '2026-11-20 10:00:00.000000'\n")
for i, r in enumerate(runs, start=1):
    d = os.path.join(mlruns, 'models', 'loan-approval', f'version-{i}')
    os.makedirs(d)
    with open(os.path.join(d, 'meta.yaml'), 'w') as f:
        f.write(f"creation_timestamp: {r['start'] + 120000}\ncurrent_stage: {'Production' if i == 2 else 'Archived'}\ndescription: ''\n"
                f"last_updated_timestamp: {r['start'] + 120000}\nname: loan-approval\nrun_id: {r['id']}\nsource: mlruns/1/{r['id']}/artifacts/model\n"
                f"status: READY\nstatus_message: null\nuser_id: sample\nversion: {i}\n")
with open(os.path.join(mlruns, 'models', 'loan-approval', 'meta.yaml'), 'w') as f:
    f.write('creation_timestamp: 1795000120000\ndescription: Loan approval classifier\nlast_updated_timestamp: 1795086520000\nname: loan-approval\n')

dvc = os.path.join(HERE, 'dvc')
shutil.rmtree(dvc, ignore_errors=True)
os.makedirs(dvc)


def md5(path):
    with open(path, 'rb') as f:
        return hashlib.md5(f.read()).hexdigest()


shutil.copyfile(v2_path, os.path.join(dvc, 'model.json'))
shutil.copyfile(v1_path, os.path.join(dvc, 'baseline.json'))
with open(os.path.join(dvc, 'params.yaml'), 'w') as f:
    f.write('train:\n  max_depth: 5\n  eta: 0.05\n  num_boost_round: 120\n  features: [age, income, loan_amount, credit_score, debt_to_income, employment_years, has_mortgage]\n')
final = {k: v[-1][1] for k, v in runs[1]['metrics'].items()}
with open(os.path.join(dvc, 'metrics.json'), 'w') as f:
    json.dump({'val': {'auc': final['val_auc'], 'logloss': final['val_logloss']}}, f, indent=2)
with open(os.path.join(dvc, 'dvc.yaml'), 'w') as f:
    f.write('stages:\n  train:\n    cmd: python train.py\n    deps:\n    - ../../loans_reference.csv\n    params:\n    - train.max_depth\n    - train.eta\n    - train.num_boost_round\n'
            '    - train.features\n    outs:\n    - model.json\n    metrics:\n    - metrics.json:\n        cache: false\n')
with open(os.path.join(dvc, 'dvc.lock'), 'w') as f:
    f.write(f"schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    params:\n      params.yaml:\n        train.eta: 0.05\n        train.max_depth: 5\n"
            f"        train.num_boost_round: 120\n    outs:\n    - path: model.json\n      md5: {md5(v2_path)}\n      size: {os.path.getsize(v2_path)}\n"
            f"    - path: metrics.json\n      md5: {md5(os.path.join(dvc, 'metrics.json'))}\n      size: {os.path.getsize(os.path.join(dvc, 'metrics.json'))}\n")
with open(os.path.join(dvc, 'baseline.json.dvc'), 'w') as f:
    f.write(f"outs:\n- md5: {md5(v1_path)}\n  size: {os.path.getsize(v1_path)}\n  path: baseline.json\n")
print('v1', {k: v[-1][1] for k, v in runs[0]['metrics'].items()})
print('v2', final)
