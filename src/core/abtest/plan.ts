import { InputError } from '../errors';
import { proportionEffectSize, solveEffectSize, solveNobs1 } from './power';

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
  /** The harm this gate sees with the planned α and power, as a multiple of the MDE (NaN for the 100% stage). */
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

/** Early gates: share of traffic, days at that share (with daily traffic) or the harm to size for (without). */
const STAGES: { share: number; days: number; harm: number }[] = [
  { share: 0.01, days: 1, harm: 4 },
  { share: 0.05, days: 1, harm: 2 },
  { share: 0.2, days: 2, harm: 1.5 },
];

/**
 * Sample size, duration and a staged ramp (1% → 5% → 20% → 50% → 100%).
 * Per arm: n₁ solving NormalIndPower for the effect size (Cohen's h for a rate, d = MDE/sd for a mean), rounded up.
 * Earlier gates are short and catch large harms while few users see the new model. With daily traffic they last
 * 1, 1 and 2 days at 1%, 5% and 20%, and each reports the harm it can see with the planned α and power (the
 * treated units against the rest as control: NormalIndPower with ratio (1 − s)/s, solved for the effect size).
 * Without traffic they are sized to see a harm of 4×, 2× and 1.5× the MDE. The 50% stage is the full test (at
 * least 7 days, to cover a weekly cycle). The 100% stage keeps a 5% holdout for a week to confirm the effect lasts.
 */
export function planRollout(input: PlanInput): RolloutPlan {
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const bad = (msg: string): never => {
    throw new InputError('BAD_ARGUMENT', `plan: ${msg}`);
  };
  if (!(alpha > 0 && alpha < 0.5)) bad(`alpha must be in (0, 0.5); got ${alpha}.`);
  if (!(power > 0.5 && power < 1)) bad(`power must be in (0.5, 1); got ${power}.`);
  if (input.mde === 0 || !Number.isFinite(input.mde)) bad(`the minimum detectable effect must be a non-zero number (negative: the change hoped for is a decrease); got ${input.mde}.`);
  if (input.dailyTraffic !== undefined && !(input.dailyTraffic > 0)) bad(`daily traffic must be a positive number of units; got ${input.dailyTraffic}.`);
  const continuous = input.sd !== undefined;
  if (continuous) {
    if (!(input.sd! > 0)) bad(`the standard deviation must be positive; got ${input.sd}.`);
    if (input.relative && input.baseline === 0) bad('a relative MDE needs a non-zero baseline mean.');
  } else if (!(input.baseline > 0 && input.baseline < 1)) bad(`a baseline rate must be in (0, 1), e.g. 0.10 for 10%; got ${input.baseline}. For a continuous metric give the mean and its standard deviation.`);
  const mdeAbs = input.relative ? input.mde * Math.abs(input.baseline) : input.mde;
  const effectFor = (k: number): number => {
    if (continuous) return (k * mdeAbs) / input.sd!;
    const treated = Math.min(1 - 1e-9, Math.max(1e-9, input.baseline + k * mdeAbs));
    return proportionEffectSize(treated, input.baseline);
  };
  if (!continuous && !(input.baseline + mdeAbs < 1 && input.baseline + mdeAbs > 0)) bad(`baseline ${input.baseline} + MDE ${mdeAbs} is not between 0 and 1; use a smaller MDE.`);
  const effectSize = effectFor(1);
  const perArm = Math.ceil(solveNobs1(effectSize, alpha, power));
  const traffic = input.dailyTraffic ?? null;
  const days = traffic ? Math.ceil((2 * perArm) / traffic) : null;
  // The absolute harm (a drop, for a rate) that effect size h detects.
  const harmFor = (h: number): number => {
    if (continuous) return h * input.sd!;
    const a = Math.asin(Math.sqrt(input.baseline)) - h / 2;
    return a <= 0 ? input.baseline : input.baseline - Math.sin(a) ** 2;
  };
  const ramp: RampStage[] = STAGES.map(({ share, days: stageDays, harm }) => {
    const ratio = (1 - share) / share;
    if (traffic) {
      const minUnits = Math.ceil(share * traffic * stageDays);
      const seen = harmFor(solveEffectSize(minUnits, alpha, power, ratio)) / Math.abs(mdeAbs);
      return { share, minUnits, days: stageDays, detectsHarmOf: seen, checks: checksFor(share, seen, mdeAbs, continuous) };
    }
    const minUnits = Math.ceil(solveNobs1(Math.abs(effectFor(-harm)), alpha, power, ratio));
    return { share, minUnits, days: null, detectsHarmOf: harm, checks: checksFor(share, harm, mdeAbs, continuous) };
  });
  ramp.push({ share: 0.5, minUnits: perArm, days: traffic ? Math.max(7, Math.ceil(perArm / (0.5 * traffic))) : null, detectsHarmOf: 1, checks: checksFor(0.5, 1, mdeAbs, continuous) });
  ramp.push({ share: 1, minUnits: Math.ceil(perArm / 10), days: traffic ? Math.max(7, Math.ceil(perArm / 10 / (0.05 * traffic))) : null, detectsHarmOf: NaN, checks: checksFor(1, 1, mdeAbs, continuous) });
  const notes = [
    `Effect size ${effectSize.toPrecision(4)} (${continuous ? "Cohen's d = MDE / sd" : "Cohen's h = 2·asin√p₂ − 2·asin√p₁"}); two-sided test at α = ${alpha}, power ${power}.`,
    'Decide the sample size before starting. To look at results early, use the always-valid (sequential) p-value in the A/B analysis, not the fixed-horizon one.',
  ];
  if (days !== null && days < 7) notes.push('The test would finish in under a week: run it for 7 days anyway, so every weekday is in both arms.');
  return { metric: continuous ? 'continuous' : 'binary', baseline: input.baseline, ...(continuous ? { sd: input.sd! } : {}), mdeAbsolute: mdeAbs, mdeRelative: input.baseline !== 0 ? mdeAbs / Math.abs(input.baseline) : NaN, alpha, power, effectSize, perArm, total: 2 * perArm, days, dailyTraffic: traffic, ramp, notes };
}

function checksFor(share: number, harm: number, mde: number, continuous: boolean): string[] {
  const unit = (x: number) => (continuous ? Math.abs(x).toPrecision(3) : `${(100 * Math.abs(x)).toPrecision(3)} points`);
  const srm = 'Sample ratio: the unit split matches the configured share (SRM χ² p ≥ 0.001); if not, stop and fix assignment/logging.';
  if (share <= 0.01) return [srm, 'Errors, crashes and timeouts of the new model are at the old level.', `Guardrails (latency, refunds, …) not breached; the primary metric is not down by ${unit(harm * mde)} or more.`, 'Roll back on any failure: the switch must take minutes, not a deploy.'];
  if (share < 0.5) return [srm, `Guardrails not breached; the primary metric is not down by ${unit(harm * mde)} or more (CI excludes it).`, 'Segment table: no platform/country where the new model is clearly worse.'];
  if (share === 0.5) return [srm, `The planned sample is reached (at least 7 days): decide on the primary metric's CI, MDE ${unit(mde)}.`, 'Several variants: Holm-adjusted p-values.', 'Guardrails not breached; segments agree (no significant opposite effects, Cochran\'s Q not flagged).'];
  return ['Keep a 5% holdout on the old model for a week: the lift persists (no novelty effect).', 'Monitor drift of inputs and predictions (Model Lens drift) and the guardrails; keep the rollback switch.'];
}
