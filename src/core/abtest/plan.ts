import { InputError } from '../errors';
import { proportionEffectSize, solveNobs1 } from './power';

export interface PlanInput {
  /** Baseline conversion rate (binary metric), or the baseline mean with `sd` (continuous metric). */
  baseline: number;
  /** Standard deviation of a continuous metric; absent → the metric is a rate. */
  sd?: number;
  /** Minimum detectable effect: absolute (0.01 = one point) unless `relative` (0.05 = 5% of the baseline). */
  mde: number;
  relative?: boolean;
  alpha?: number;
  power?: number;
  /** Units entering the experiment per day (all arms together). */
  dailyTraffic?: number;
}

export interface RampStage {
  /** Share of traffic on the new model at this stage. */
  share: number;
  /** Treated units to collect before passing this gate. */
  minUnits: number;
  /** Days at this stage with the given daily traffic (null without traffic). */
  days: number | null;
  /** The smallest harm this gate can see with the planned power: a multiple of the MDE. */
  detectsHarmOf: number;
  checks: string[];
}

export interface RolloutPlan {
  metric: 'binary' | 'continuous';
  baseline: number;
  sd?: number;
  /** Absolute MDE used. */
  mdeAbsolute: number;
  mdeRelative: number;
  alpha: number;
  power: number;
  effectSize: number;
  /** Units per arm for the 50/50 test (statsmodels NormalIndPower.solve_power, rounded up). */
  perArm: number;
  total: number;
  /** Days of the 50/50 test at the given daily traffic (null without it). */
  days: number | null;
  dailyTraffic: number | null;
  ramp: RampStage[];
  notes: string[];
}

const STAGES: { share: number; harm: number }[] = [
  { share: 0.01, harm: 4 },
  { share: 0.05, harm: 2 },
  { share: 0.2, harm: 1.5 },
  { share: 0.5, harm: 1 },
  { share: 1, harm: 1 },
];

/**
 * Sample size, duration and a staged ramp (1% → 5% → 20% → 50% → 100%).
 * Per arm: n₁ solving NormalIndPower for the effect size (Cohen's h for a rate, d = MDE/sd for a mean), rounded up.
 * Earlier gates are smaller: gate g is sized to see a harm of k_g × MDE (4×, 2×, 1.5×) with the same α and power,
 * so a bad model is caught while few users see it. The 50% stage is the full test (at least 7 days, to cover a
 * weekly cycle). The 100% stage keeps a 5% holdout for a week to confirm the effect lasts.
 */
export function planRollout(input: PlanInput): RolloutPlan {
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const bad = (msg: string): never => {
    throw new InputError('BAD_ARGUMENT', `plan: ${msg}`);
  };
  if (!(alpha > 0 && alpha < 0.5)) bad(`alpha must be in (0, 0.5); got ${alpha}.`);
  if (!(power > 0.5 && power < 1)) bad(`power must be in (0.5, 1); got ${power}.`);
  if (!(input.mde > 0) || !Number.isFinite(input.mde)) bad(`the minimum detectable effect must be a positive number; got ${input.mde}.`);
  if (input.dailyTraffic !== undefined && !(input.dailyTraffic > 0)) bad(`daily traffic must be a positive number of units; got ${input.dailyTraffic}.`);
  const continuous = input.sd !== undefined;
  if (continuous) {
    if (!(input.sd! > 0)) bad(`the standard deviation must be positive; got ${input.sd}.`);
    if (input.relative && input.baseline === 0) bad('a relative MDE needs a non-zero baseline mean.');
  } else if (!(input.baseline > 0 && input.baseline < 1)) bad(`a baseline rate must be in (0, 1), e.g. 0.10 for 10%; got ${input.baseline}. For a continuous metric give the mean and its standard deviation.`);
  const mdeAbs = input.relative ? input.mde * Math.abs(input.baseline) : input.mde;
  const effectFor = (k: number): number => {
    if (continuous) return (k * mdeAbs) / input.sd!;
    const treated = Math.min(1 - 1e-9, input.baseline + k * mdeAbs);
    return proportionEffectSize(treated, input.baseline);
  };
  if (!continuous && input.baseline + mdeAbs >= 1) bad(`baseline ${input.baseline} + MDE ${mdeAbs} is not below 1; use a smaller MDE.`);
  const effectSize = effectFor(1);
  const perArm = Math.ceil(solveNobs1(effectSize, alpha, power));
  const traffic = input.dailyTraffic ?? null;
  const days = traffic ? Math.ceil((2 * perArm) / traffic) : null;
  const ramp: RampStage[] = STAGES.map(({ share, harm }, i) => {
    const last = i === STAGES.length - 1;
    const minUnits = last ? Math.ceil(perArm / 10) : harm === 1 ? perArm : Math.ceil(solveNobs1(effectFor(harm), alpha, power));
    const treatedShare = last ? 0.05 : share;
    const stageDays = traffic ? Math.max(share === 0.5 ? 7 : 1, Math.ceil(minUnits / (treatedShare * traffic))) : null;
    return { share, minUnits, days: stageDays, detectsHarmOf: harm, checks: checksFor(share, harm, mdeAbs, continuous) };
  });
  const notes = [
    `Effect size ${effectSize.toPrecision(4)} (${continuous ? "Cohen's d = MDE / sd" : "Cohen's h = 2·asin√p₂ − 2·asin√p₁"}); two-sided test at α = ${alpha}, power ${power}.`,
    'Decide the sample size before starting. To look at results early, use the always-valid (sequential) p-value in the A/B analysis, not the fixed-horizon one.',
  ];
  if (days !== null && days < 7) notes.push('The test would finish in under a week: run it for 7 days anyway, so every weekday is in both arms.');
  return { metric: continuous ? 'continuous' : 'binary', baseline: input.baseline, ...(continuous ? { sd: input.sd! } : {}), mdeAbsolute: mdeAbs, mdeRelative: input.baseline !== 0 ? mdeAbs / Math.abs(input.baseline) : NaN, alpha, power, effectSize, perArm, total: 2 * perArm, days, dailyTraffic: traffic, ramp, notes };
}

function checksFor(share: number, harm: number, mde: number, continuous: boolean): string[] {
  const unit = (x: number) => (continuous ? x.toPrecision(3) : `${(100 * x).toPrecision(3)} points`);
  const srm = 'Sample ratio: the unit split matches the configured share (SRM χ² p ≥ 0.001); if not, stop and fix assignment/logging.';
  if (share <= 0.01) return [srm, 'Errors, crashes and timeouts of the new model are at the old level.', `Guardrails (latency, refunds, …) not breached; the primary metric is not down by ${unit(harm * mde)} or more.`, 'Roll back on any failure: the switch must take minutes, not a deploy.'];
  if (share < 0.5) return [srm, `Guardrails not breached; the primary metric is not down by ${unit(harm * mde)} or more (CI excludes it).`, 'Segment table: no platform/country where the new model is clearly worse.'];
  if (share === 0.5) return [srm, `The planned sample is reached (at least 7 days): decide on the primary metric's CI, MDE ${unit(mde)}.`, 'Several variants: Holm-adjusted p-values.', 'Guardrails not breached; segments agree (no significant opposite effects, Cochran\'s Q not flagged).'];
  return ['Keep a 5% holdout on the old model for a week: the lift persists (no novelty effect).', 'Monitor drift of inputs and predictions (Model Lens drift) and the guardrails; keep the rollback switch.'];
}
