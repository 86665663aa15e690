import { InputError } from '../errors';
import { GAMMA, ZERO_LIMIT, type LogSketch } from '../health/sketch';
import type { Piece } from './cdfBounds';
import type { ColumnPartial } from './profilePartial';
import { FINE_GAMMA } from './fineSketch';

/**
 * Relative widening of a sketch bucket's bounds: the bucket index is ⌈ln|x| / ln γ⌉ computed in floating point
 * (SQL ln, then JavaScript's γ^i), which can put a value within ~1e-13 (relative) of an edge into the neighbour.
 */
const SLACK = 1e-12;

/**
 * The finite values of one part's numeric column as pieces (cdfBounds.ts): its value map's values exactly, or each
 * bucket of its log-bucket sketch (health/sketch.ts: bucket i holds γ^(i−1) < |x| ≤ γ^i; the fine one, fineSketch.ts,
 * when the part has it) as an interval clipped to
 * the part's exact min and max. The sketch is checked against the part's own figures first (a partial is input):
 * its buckets must add up to the part's finite count and lie within [min, max]; otherwise InputError BAD_PARTIAL
 * naming the file and column.
 */
export function columnPieces(c: ColumnPartial, file: string): Piece[] {
  const num = c.num;
  const bad = (what: string): never => {
    throw new InputError('BAD_PARTIAL', `${file}: column '${c.name}': ${what}; not a partial result Model Lens wrote (create parts with 'model-lens profile <part> --partial').`, { path: file, column: c.name });
  };
  if (!num) return bad('no numeric summary (num) for a numeric column');
  if (c.values) {
    const out = c.values.map(([, count, v]): Piece => (v === undefined ? bad('a value map entry without its number') : { lo: v, hi: v, count }));
    if (out.reduce((s, p) => s + p.count, 0) !== num.finite) bad(`its value map holds ${out.reduce((s, p) => s + p.count, 0)} values, its finite count is ${num.finite}`);
    return out;
  }
  // Both sketches are checked (the coarse one feeds the merged profile); the fine one, when present, is used.
  const coarse = sketchPieces(num.sketch, num.finite, num.min, num.max, GAMMA, (what) => bad(what.replace('sketch', 'sketch (num.sketch)')));
  return num.fine ? sketchPieces(num.fine, num.finite, num.min, num.max, FINE_GAMMA, (what) => bad(what.replace('sketch', 'fine sketch (num.fine)'))) : coarse;
}

export function sketchPieces(s: LogSketch, finite: number, min: number | null, max: number | null, gamma: number, bad: (what: string) => never): Piece[] {
  let total = s.zero;
  for (const [, n] of [...s.positive, ...s.negative]) {
    total += n;
    if (!Number.isSafeInteger(total)) bad('its sketch counts add up past a safe whole number');
  }
  if (total !== finite) bad(`its sketch holds ${total} values, its finite count is ${finite}`);
  if (finite === 0) return [];
  if (min === null || max === null || !(min <= max)) bad('a sketch without a finite min ≤ max');
  const lo = min!;
  const hi = max!;
  const out: Piece[] = [];
  const push = (a: number, b: number, count: number, bucket: string) => {
    if (count === 0) return;
    const l = Math.max(a, lo);
    const h = Math.min(b, hi);
    if (!(l <= h) || !Number.isFinite(l) || !Number.isFinite(h)) bad(`sketch bucket ${bucket} [${a}, ${b}] lies outside the part's min ${lo} and max ${hi}`);
    out.push({ lo: l, hi: h, count });
  };
  for (const [i, n] of s.positive) {
    const a = Math.max(ZERO_LIMIT, Math.pow(gamma, i - 1) * (1 - SLACK));
    push(a, Math.pow(gamma, i) * (1 + SLACK), n, `+${i}`);
  }
  for (const [i, n] of s.negative) push(-Math.pow(gamma, i) * (1 + SLACK), -Math.max(ZERO_LIMIT, Math.pow(gamma, i - 1) * (1 - SLACK)), n, `-${i}`);
  push(-ZERO_LIMIT, ZERO_LIMIT, s.zero, '0');
  return out;
}

/** Pieces with the same bounds added together (the parts' sketches share one bucket grid). */
export function poolPieces(pieces: readonly Piece[]): Piece[] {
  const m = new Map<string, Piece>();
  for (const p of pieces) {
    const k = `${p.lo}|${p.hi}`;
    const cur = m.get(k);
    if (cur) cur.count += p.count;
    else m.set(k, { ...p });
  }
  return [...m.values()];
}
