/**
 * What a file's first bytes say about it: an XGBoost JSON model starts with `{"learner":` (booster.save_model
 * writes `learner` first, in 1.x and 2.x; whitespace and a BOM are allowed); a LightGBM text model's first line
 * is `tree`. Only the head is needed (the extension reads 256 bytes), so ordinary JSON or text files are never
 * parsed in full, and never taken for models.
 */
export function sniffModelHead(head: string): 'xgboost' | 'lightgbm' | undefined {
  if (/^\uFEFF?\s*\{\s*"learner"\s*:/.test(head)) return 'xgboost';
  if (/^\uFEFF?tree\r?\n/.test(head)) return 'lightgbm';
  return undefined;
}
