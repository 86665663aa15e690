import { InputError } from '../errors';
import type { BiasData, ScoreSpec } from './biasData';
import { thresholdSweep, type SweepPoint } from './sweep';
import type { MaybeNumber } from './types';

/**
 * Per-group score metrics: mean score, Brier score, AUC (Mann–Whitney), calibration (10 equal-width
 * bins: mean score against observed positive rate) and the threshold sweep. Keys are
 * "attribute\u0000group" ("\u0000" for overall). Scores must lie in [0, 1] (SCORE_OUT_OF_RANGE).
 */
export interface CalibrationBin {
  lo: number;
  hi: number;
  n: number;
  meanScore: number | null;
  observedRate: number | null;
}

export interface GroupScoreMetrics {
  meanScore: number;
  brier: number;
  auc: MaybeNumber;
  calibration: CalibrationBin[];
}

export interface ScoreReport {
  byGroup: Map<string, GroupScoreMetrics>;
  /** Sweep per attribute (key: attribute name). */
  sweep: Map<string, SweepPoint[]>;
}

export const SWEEP_BINS = 100;
const CALIBRATION_BINS = 10;

export function aucFromRanks(p: number, n: number, rankSumPos: number): MaybeNumber {
  if (p === 0) return { value: null, reason: 'no actual positives' };
  if (n === 0) return { value: null, reason: 'no actual negatives' };
  return { value: (rankSumPos - (p * (p + 1)) / 2) / (p * n) };
}

export async function scoreMetrics(data: BiasData, c: ScoreSpec, minGroupSize: number): Promise<ScoreReport> {
  const sums = await data.scoreSums(c);
  const overall = sums.get('\u0000');
  if (overall && ((overall['minS'] ?? 0) < 0 || (overall['maxS'] ?? 0) > 1)) {
    throw new InputError('SCORE_OUT_OF_RANGE', `score column '${c.score}' has values in [${overall['minS']}, ${overall['maxS']}]; scores must be probabilities in [0, 1] (apply a sigmoid to logits first).`, { column: c.score });
  }
  const ranked = await data.rankSums(c);
  const ranks = 'unavailable' in ranked ? undefined : ranked;
  const hist = await data.scoreHistogram(c, SWEEP_BINS);
  const byGroup = new Map<string, GroupScoreMetrics>();
  for (const [key, s] of sums) {
    const n = s['n'] ?? 0;
    const r = ranks?.get(key);
    const h = hist.get(key);
    const calibration: CalibrationBin[] = [];
    for (let j = 0; j < CALIBRATION_BINS; j++) {
      let cn = 0, cs = 0, cp = 0;
      const per = SWEEP_BINS / CALIBRATION_BINS;
      for (let b = j * per; b < (j + 1) * per + (j === CALIBRATION_BINS - 1 ? 1 : 0); b++) {
        cn += (h?.pos[b] ?? 0) + (h?.neg[b] ?? 0);
        cp += h?.pos[b] ?? 0;
        cs += h?.sumS[b] ?? 0;
      }
      calibration.push({ lo: j / CALIBRATION_BINS, hi: (j + 1) / CALIBRATION_BINS, n: cn, meanScore: cn > 0 ? cs / cn : null, observedRate: cn > 0 ? cp / cn : null });
    }
    byGroup.set(key, {
      meanScore: (s['sumS'] ?? 0) / n,
      brier: ((s['sumS2'] ?? 0) - 2 * (s['sumSY'] ?? 0) + (s['sumY'] ?? 0)) / n,
      auc: 'unavailable' in ranked ? { value: null, reason: ranked.unavailable } : r ? aucFromRanks(r.p, r.n, r.rankSumPos) : { value: null, reason: 'no rows' },
      calibration,
    });
  }
  return { byGroup, sweep: thresholdSweep(hist, c.attributes, SWEEP_BINS, minGroupSize) };
}
