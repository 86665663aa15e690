import { readFileSync } from 'node:fs';
import { loadDataset } from '../data/loadDataset';
import type { Engine } from '../data/engine';
import type { ModelAccess } from '../models/modelAccess';
import { evaluateOnDataset, type EvalMetric, type EvalOptions, type Evaluation } from './evaluate';
import { fileParams, metadataDiff, paramDiff, recordedMetricDiff } from './metadataDiff';
import type { PredictionChanges } from './predictionChanges';
import type { ShapShift } from './shapShift';
import type { SliceResult } from './slices';
import type { MetadataDiff, ModelVersion, ParamDiff, RecordedMetricDiff } from './types';
import { verdict, type Verdict } from './verdict';

/** Public description of one side (no temp paths). */
export interface VersionSummary {
  label: string;
  source: ModelVersion['source'];
  name: string;
  info: Record<string, string>;
}

/** The JSON the CLI prints and the panel shows (the shape of issue #7). */
export interface VersionDiff {
  a: VersionSummary;
  b: VersionSummary;
  metadata: MetadataDiff;
  params: ParamDiff[];
  recordedMetrics: RecordedMetricDiff[];
  /** Metric deltas on the evaluation dataset (empty without a label). */
  metrics: EvalMetric[];
  predictions: PredictionChanges | null;
  slices: SliceResult[];
  shap: ShapShift[] | null;
  evaluation: Omit<Evaluation, 'metrics' | 'predictions' | 'slices' | 'shap'> | null;
  verdict: Verdict;
}

const summary = (v: ModelVersion): VersionSummary => ({ label: v.label, source: v.source, name: v.name, info: v.info });

/**
 * Compare two model versions: metadata, parameters (recorded + stored in the file), recorded metrics, and,
 * given a dataset, predictions and metrics on it. Both model files are only read.
 */
export async function diffModels(a: ModelVersion, b: ModelVersion, o: EvalOptions & { engine?: Engine; data?: string; models: ModelAccess }): Promise<VersionDiff> {
  const bytesA = readFileSync(a.file);
  const bytesB = readFileSync(b.file);
  const ma = o.models.read(a.file);
  const mb = o.models.read(b.file);
  try {
    // Settings stored in the file: XGBoost JSON's (fileParams) or a scikit-learn pickle's get_params (model.params).
    const params = paramDiff({ ...fileParams(bytesA), ...ma.params, ...a.params }, { ...fileParams(bytesB), ...mb.params, ...b.params });
    const recorded = recordedMetricDiff(a.metrics, b.metrics);
    let ev: Evaluation | null = null;
    if (o.data !== undefined) {
      if (!o.engine) throw new Error('diffModels: an engine is required with data');
      const ds = await loadDataset(o.engine, o.data, o.signal ? { signal: o.signal } : {});
      try {
        ev = await evaluateOnDataset(o.engine, ds, ma, mb, o);
      } finally {
        await ds.release();
      }
    }
    const base = ev ? (({ metrics: _m, predictions: _p, slices: _s, shap: _h, ...rest }) => rest)(ev) : null;
    return {
      a: summary(a), b: summary(b),
      metadata: metadataDiff(ma, bytesA.length, mb, bytesB.length, bytesA.equals(bytesB)),
      params, recordedMetrics: recorded,
      metrics: ev?.metrics ?? [], predictions: ev?.predictions ?? null, slices: ev?.slices ?? [], shap: ev?.shap ?? null,
      evaluation: base,
      verdict: withIdentity(verdict(ev, recorded), bytesA.equals(bytesB)),
    };
  } finally {
    ma.dispose?.(); // ONNX models hold an onnxruntime worker
    mb.dispose?.();
  }
}

function withIdentity(v: Verdict, identical: boolean): Verdict {
  return identical ? { ...v, text: `A and B are the same model (identical files). ${v.text}` } : v;
}
