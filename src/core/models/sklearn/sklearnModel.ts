import { InputError } from '../../errors';
import { PickleError } from '../pickle/pickleError';
import { readPickle, type PickleRead } from '../pickle/readPickle';
import { describe, PyObject } from '../pickle/values';
import type { FeatureInput, FeatureMatrix, FeatureType, Model } from '../types';
import { transformMargin } from '../xgboost/objectives';
import { checkMatrix, predictMargin } from '../xgboost/predict';
import { predictMarginParallel } from '../xgboost/predictWorkers';
import type { Column } from './columns';
import { buildEnsemble } from './ensemble';
import { readHead, SUPPORTED_ESTIMATORS } from './estimators';
import { additiveModel, linearMargin } from './linear';
import { fileParams } from './params';
import { preparePipeline } from './pipeline';
import { Attrs } from './state';

/** scikit-learn versions whose pickles the tests read (made by Debian's python3-sklearn); others are read by layout. */
export const VERIFIED_SKLEARN = ['1.2.1'];

/**
 * A scikit-learn estimator or Pipeline from a pickle or joblib file, as a model-neutral Model. The file is read
 * as data (pickle/); the fitted state is read by attribute and field name. Trees are rewritten over the
 * dataset's columns (ensemble.ts), so prediction uses the same fast tree scoring as XGBoost and TreeSHAP
 * explains dataset columns, one-hot encoded columns included; linear models carry per-column terms for exact
 * linear SHAP. Nothing in the file is ever run.
 */
export function loadSklearn(bytes: Uint8Array, source: string): Model {
  const read = readPickle(bytes, source);
  try {
    return sklearnModel(read);
  } catch (e) {
    if (e instanceof PickleError) throw new InputError(e.code === 'BAD_PICKLE' ? 'INVALID_MODEL' : e.code, `${source} ${e.what}. Nothing in it was run.`, { source, ...e.details });
    throw e;
  }
}

export function sklearnModel(read: PickleRead): Model {
  const top = read.value;
  if (!(top instanceof PyObject)) {
    throw new PickleError('UNSUPPORTED_MODEL', `holds ${describe(top)}, not a scikit-learn estimator; Model Lens reads ${SUPPORTED_ESTIMATORS.join(', ')} and Pipelines of them`);
  }
  const prepared = preparePipeline(new Attrs(top));
  const head = readHead(prepared.final);
  // Keep the dataset columns the model uses; without names, columns map by position and all are kept.
  const used = new Set(prepared.columns.map((c) => c.raw));
  const keep = prepared.rawNames ? [...used].sort((a, b) => a - b) : Array.from({ length: prepared.numRaw }, (_, j) => j);
  const remap = new Map(keep.map((j, i) => [j, i]));
  const columns: Column[] = prepared.columns.map((c) => ({ ...c, raw: remap.get(c.raw)! }));
  const F = keep.length;
  const encodings = keep.map((j) => prepared.encodings[j] ?? null);
  const { numGroups, link, outputKind, classes, objective } = head.common;
  const inputs: (FeatureInput | null)[] = encodings.map((enc) => (enc ? { categories: enc } : null));
  const refuse = (j: number): void => {
    inputs[j] = { ...(inputs[j] ?? {}), refusesMissing: true };
  };
  const version = prepared.final.version() ?? new Attrs(top).version();
  const notes: string[] = [];
  const base: Omit<Model, 'predictMargin' | 'transform'> = {
    kind: 'sklearn',
    objective,
    numFeatures: F,
    featureNames: prepared.rawNames ? keep.map((j) => prepared.rawNames![j]!) : null,
    featureTypes: encodings.map((e): FeatureType => (e ? 'categorical' : 'numeric')),
    numClasses: classes ? classes.length : 1,
    numGroups,
    outputWidth: numGroups,
    baseScore: 0,
    baseMargin: 0,
    link,
    outputKind,
    inputs,
    params: fileParams(prepared.objects, version),
  };
  const transform = (margin: Float64Array, n: number): Float64Array => transformMargin(link, outputKind, margin, n, numGroups);
  const format = `${read.container === 'pickle' ? 'pickle' : `joblib (${read.container})`}, protocol ${read.protocol}`;
  let model: Model;
  if (head.kind === 'trees') {
    const sizes = encodings.map((e) => e?.values.length ?? 0);
    const built = buildEnsemble(head.sources, columns, F, numGroups, sizes);
    for (const j of built.refusesMissing) refuse(j);
    if (built.refusesMissing.size > 0) notes.push(`${prepared.final.name} ${version ? `(scikit-learn ${version}) ` : ''}does not accept missing values in ${[...built.refusesMissing].map((j) => `'${base.featureNames?.[j] ?? `f${j}`}'`).join(', ')}; rows with one are refused, as scikit-learn refuses them.`);
    const e = built.trees;
    const bm = head.baseMargin;
    model = {
      ...base,
      baseScore: bm,
      baseMargin: bm,
      trees: e,
      predictMargin: (X: FeatureMatrix, n: number) => predictMargin(e, bm, X, n, F),
      predictMarginAsync: (X: FeatureMatrix, n: number, options) => predictMarginParallel(e, bm, X, n, F, options),
      transform,
      fileInfo: { format, version: version ? `scikit-learn ${version}` : null, estimator: prepared.structure, ...(classes ? { classes } : {}), gains: built.gains, notes },
    };
  } else {
    // Linear estimators refuse NaN: a raw column is safe only when each of its columns imputes or one-hot encodes it.
    for (const c of columns) if (c.kind === 'numeric' && !c.ops.some((o) => o.kind === 'impute')) refuse(c.raw);
    const additive = additiveModel(columns, head.coef, head.intercept, F);
    model = {
      ...base,
      baseScore: head.intercept[0] ?? 0,
      additive,
      float64Inputs: true,
      predictMargin: (X: FeatureMatrix, n: number) => {
        checkMatrix(X, n, F);
        return linearMargin(columns, head.coef, head.intercept, X, n, F);
      },
      transform,
      fileInfo: { format, version: version ? `scikit-learn ${version}` : null, estimator: prepared.structure, ...(classes ? { classes } : {}), gains: null, notes },
    };
  }
  if (version && !VERIFIED_SKLEARN.includes(version)) notes.push(`Written by scikit-learn ${version}; Model Lens is verified against ${VERIFIED_SKLEARN.join(', ')} and reads other versions by their field names.`);
  return model;
}

