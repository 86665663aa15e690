/** Where a model version came from and what was recorded about it (MLflow params/metrics, DVC params.yaml …). */
export interface ModelVersion {
  /** Short human label, e.g. 'loan_xgb.json @ 3f2a1bc', 'mlflow run 8e1f… (lr-0.1)'. */
  label: string;
  source: 'file' | 'git' | 'mlflow' | 'dvc';
  /** The model file the version is read from (a workspace file, or a temp copy of a git blob / cache object). */
  file: string;
  /** The model file's name as the user knows it (for git: the path in the repository). */
  name: string;
  /** Size of the model file in bytes. */
  bytes: number;
  /** Recorded hyperparameters (MLflow params, DVC params.yaml flattened with dots). */
  params: Record<string, string>;
  /** Recorded metrics (MLflow: the last value of each metric file; DVC: metrics files of dvc.yaml). */
  metrics: Record<string, number>;
  /** Provenance shown in reports: commit, author, date, message, run id, experiment, md5 … */
  info: Record<string, string>;
  /** Removes temp files; idempotent. */
  dispose?: () => void;
}

export interface FeatureDiff {
  added: string[];
  removed: string[];
  /** True when the features both share appear in a different order. */
  reordered: boolean;
}

export interface ModelFacts {
  kind: string;
  objective: string;
  numFeatures: number;
  numClasses: number;
  trees: number | null;
  maxDepth: number | null;
  nodes: number | null;
  bytes: number;
}

export interface MetadataDiff {
  a: ModelFacts;
  b: ModelFacts;
  /** Fact names whose values differ. */
  changed: (keyof ModelFacts)[];
  features: FeatureDiff;
  /** The two model files are byte-for-byte identical. */
  identical: boolean;
}

export interface ParamDiff {
  name: string;
  a: string | null;
  b: string | null;
  changed: boolean;
}

export interface RecordedMetricDiff {
  name: string;
  a: number | null;
  b: number | null;
  delta: number | null;
  /** Which direction is better, from the name (loss/error/rmse/mae… lower; auc/accuracy/f1… higher); null when unknown. */
  better: 'higher' | 'lower' | null;
  /** True/false when both values exist and the direction is known. */
  improved: boolean | null;
}
