/**
 * Which direction of a recorded metric is better, from its name: errors and losses are lower-is-better,
 * scores higher-is-better. Matching is by word (split on non-letters), so 'val_rmse', 'test-auc' and
 * 'eval.logloss' work, and the lower-is-better words win ('error_rate' is an error). null = unknown.
 */
const LOWER = ['loss', 'logloss', 'error', 'err', 'rmse', 'mse', 'mae', 'mape', 'rmsle', 'msle', 'brier', 'deviance', 'perplexity', 'wer', 'cer', 'latency', 'merror', 'mlogloss'];
const HIGHER = ['auc', 'accuracy', 'acc', 'f1', 'precision', 'recall', 'r2', 'map', 'ndcg', 'aucpr', 'pr', 'roc', 'score', 'sensitivity', 'specificity', 'tpr', 'bleu', 'rouge', 'iou', 'kappa', 'mcc'];

export function metricDirection(name: string): 'higher' | 'lower' | null {
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.some((w) => LOWER.includes(w))) return 'lower';
  if (words.some((w) => HIGHER.includes(w))) return 'higher';
  return null;
}
