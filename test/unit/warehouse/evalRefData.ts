import { mulberry32 } from '../../../src/core/random';

/**
 * Scored rows over `days` days from `start`: tie-heavy scores, NaN and missing scores, missing labels, and from
 * `worseFrom` (a day index) a worse model; labels stop at `labelsUntil` (later days are unlabelled: CBPE only).
 */
export function scoredCsv(seed: number, n: number, start: string, days: number, o: { worseFrom?: number; labelsUntil?: number } = {}): string {
  const rnd = mulberry32(seed);
  const lines = ['id,ts,score,label'];
  const t0 = Date.parse(`${start}T00:00:00Z`);
  for (let i = 0; i < n; i++) {
    const day = Math.floor((i / n) * days);
    const t = t0 + day * 86400_000 + Math.floor(rnd() * 24) * 3600_000;
    const label = rnd() < 0.4 ? 1 : 0;
    const sep = day >= (o.worseFrom ?? Infinity) ? 0.05 : 0.25;
    const raw = Math.min(1, Math.max(0, 0.5 + (label ? sep : -sep) + (rnd() - 0.5) * 0.7));
    const score = i % 97 === 3 ? '' : i % 89 === 5 ? 'nan' : raw.toFixed(2);
    const lab = day >= (o.labelsUntil ?? Infinity) || i % 53 === 7 ? '' : String(label);
    lines.push(`${i},${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${score},${lab}`);
  }
  return lines.join('\n') + '\n';
}

/** Every figure of an evaluation: metrics, windows, flags, score drift, CBPE, reference metrics and the verdict. */
export const FIGURES = ['metrics', 'curves', 'confusion', 'thresholds', 'bootstrap', 'rows', 'labeledRows', 'unlabeledRows', 'excludedRows', 'classes', 'positive', 'windows', 'referenceMetrics', 'estimated', 'verdict', 'reference', 'failOn'] as const;
