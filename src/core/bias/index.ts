/**
 * Public surface of the bias audit for the CLI and the extension: `audit(execute, from, options)`
 * over a DuckDB relation, and the pure pieces for callers holding counts or arrays.
 */
export { audit, type AuditOptions, type BiasReport } from './audit';
export { buildAttributeReports, type AttributeReport, type GroupReport, type ReportOptions } from './report';
export { confusionFromArrays, type ArrayInput } from './confusionFromArrays';
export { confusionFromSql, confusionSql, type BinaryColumns } from './confusionSql';
export { BASE_METRICS, type BaseMetricId } from './metrics';
export { DISPARITY_SPECS } from './spec';
export { FOUR_FIFTHS } from './privileged';
export type { RegressionAttributeReport } from './regression';
export type { SweepPoint } from './sweep';
export { MISSING_GROUP, type ConfusionCounts, type ConfusionTable, type ExecuteSql } from './types';
export { DEFAULT_FAIL_ON, checkableMetrics, evaluateChecks, parseFailOn, type CheckResult, type CheckedBiasReport, type FailOn } from './checks';
export { biasToHtml } from './biasHtml';
export { biasToMarkdown } from './biasMarkdown';
