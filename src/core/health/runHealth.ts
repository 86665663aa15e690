import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { InputError } from '../errors';
import type { CheckContext } from './check';
import { computeCurrent } from './computeCurrent';
import type { PlanExecutor } from '../plan/executor';
import { getHealthCheck, HEALTH_CHECKS } from './registry';
import type { Baseline, HealthReport, HealthResult, HealthSeverity } from './types';
import { own } from '../dict';

/** Overrides of the checks' defaults (CLI flags, `modelLens.health.*` settings). */
export interface HealthSettings {
  /** check id → threshold (see each check's `threshold` text). */
  thresholds?: Record<string, number>;
  /** check id → severity: 'error' makes a violation fail, 'warning'/'info' make it warn. */
  severities?: Record<string, HealthSeverity>;
  /** Check ids to skip. */
  disabled?: string[];
  /** The drift test of the distribution check (default 'psi'). */
  distributionTest?: string;
}

const SEVERITIES: readonly HealthSeverity[] = ['error', 'warning', 'info'];

/** Validates settings: unknown check ids, non-finite thresholds and unknown severities are InputError 'BAD_ARGUMENT'. */
export function checkSettings(s: HealthSettings): void {
  for (const [id, v] of Object.entries(s.thresholds ?? {})) {
    getHealthCheck(id);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError('BAD_ARGUMENT', `health threshold for '${id}' must be a number ≥ 0 (got ${JSON.stringify(v)}): ${getHealthCheck(id).threshold}.`, { id });
  }
  for (const [id, v] of Object.entries(s.severities ?? {})) {
    getHealthCheck(id);
    if (!SEVERITIES.includes(v)) throw new InputError('BAD_ARGUMENT', `health severity for '${id}' must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(v)}).`, { id });
  }
  for (const id of s.disabled ?? []) getHealthCheck(id);
}

export function thresholdOf(id: string, s: HealthSettings): number {
  return own(s.thresholds, id) ?? getHealthCheck(id).defaultThreshold;
}

/**
 * Runs every enabled health check of the current dataset against a baseline. A violated check is 'fail' when its
 * severity is 'error' and 'warn' otherwise; an unviolated one is 'pass'. Results are dataset-level first, then
 * per column, in registry order.
 */
export async function runHealth(
  engine: Engine | PlanExecutor,
  ds: Dataset,
  baseline: Baseline,
  options: RunOptions & { settings?: HealthSettings; now?: Date; datasetName?: string; baselineName?: string; timeColumn?: string | null } = {},
): Promise<HealthReport> {
  const settings = options.settings ?? {};
  checkSettings(settings);
  const now = options.now ?? new Date();
  const current = await computeCurrent(engine, ds, baseline, {
    signal: options.signal,
    onProgress: options.onProgress,
    rangeTolerance: thresholdOf('range', settings),
    windowDays: thresholdOf('frozen', settings),
    timeColumn: options.timeColumn,
  });
  const checks: HealthResult[] = [];
  for (const check of HEALTH_CHECKS) {
    if (settings.disabled?.includes(check.id)) continue;
    const severity = own(settings.severities, check.id) ?? check.severity;
    const ctx: CheckContext = { baseline, current, threshold: thresholdOf(check.id, settings), now, distributionTest: settings.distributionTest ?? 'psi' };
    for (const f of check.run(ctx)) {
      const sev = f.severity && !own(settings.severities, check.id) ? f.severity : severity;
      checks.push({ id: check.id, column: f.column, status: f.violated ? (sev === 'error' ? 'fail' : 'warn') : 'pass', severity: sev, message: f.message, observed: f.observed, expected: f.expected });
    }
  }
  const summary = { pass: 0, warn: 0, fail: 0 };
  for (const c of checks) summary[c.status] += 1;
  return { dataset: options.datasetName ?? ds.path, baseline: options.baselineName ?? baseline.source.files.join(', '), now: now.toISOString(), checks, summary };
}
