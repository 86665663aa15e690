import { BinarySums } from './binarySums';

/**
 * Groups of neighbouring scores (in descending score order) with everything the metrics need: a bootstrap
 * draw resamples the groups' positive and negative counts and re-adds them to a BinarySums. When the data
 * has at most `maxCells` distinct scores every group is one distinct score, and resampling the groups is the
 * ordinary row bootstrap (rows with the same label and score are interchangeable for every binary metric).
 * Above that, groups are bins of about n / maxCells rows that never straddle the decision threshold or a
 * calibration bin edge, and a drawn row carries its group's mean loss, Brier term and score.
 */
export interface BinaryCells {
  length: number;
  /** Exact: one cell per distinct score. */
  exact: boolean;
  pos: Float64Array;
  neg: Float64Array;
  lossPos: Float64Array;
  lossNeg: Float64Array;
  brierPos: Float64Array;
  brierNeg: Float64Array;
  scorePos: Float64Array;
  scoreNeg: Float64Array;
  bin: Uint8Array;
  atOrAbove: Uint8Array;
}

export class CellBuilder {
  readonly cells: BinaryCells;
  private open = false;
  private count = 0;

  /** `capacity` cells at most; `target` rows per cell (0: one cell per call of add). */
  constructor(capacity: number, private readonly target: number, exact: boolean) {
    const f = () => new Float64Array(capacity);
    this.cells = { length: 0, exact, pos: f(), neg: f(), lossPos: f(), lossNeg: f(), brierPos: f(), brierNeg: f(), scorePos: f(), scoreNeg: f(), bin: new Uint8Array(capacity), atOrAbove: new Uint8Array(capacity) };
  }

  add(pos: number, neg: number, lossPos: number, lossNeg: number, brierPos: number, brierNeg: number, scorePos: number, scoreNeg: number, bin: number, atOrAbove: boolean): void {
    const c = this.cells;
    let k = c.length - 1;
    const above = atOrAbove ? 1 : 0;
    if (!this.open || this.count >= this.target || c.bin[k] !== bin || c.atOrAbove[k] !== above) {
      k = c.length;
      if (k >= c.pos.length) k = c.length - 1; // capacity reached (only by rounding): keep filling the last cell
      else {
        c.length += 1;
        c.bin[k] = bin;
        c.atOrAbove[k] = above;
        this.count = 0;
        this.open = true;
      }
    }
    c.pos[k]! += pos;
    c.neg[k]! += neg;
    c.lossPos[k]! += lossPos;
    c.lossNeg[k]! += lossNeg;
    c.brierPos[k]! += brierPos;
    c.brierNeg[k]! += brierNeg;
    c.scorePos[k]! += scorePos;
    c.scoreNeg[k]! += scoreNeg;
    this.count += pos + neg;
  }
}

/**
 * The metrics of one bootstrap draw: `drawPos[k]` / `drawNeg[k]` rows drawn from cell k's positives and
 * negatives; each drawn row contributes its cell's mean per-row terms.
 */
export function cellMetrics(c: BinaryCells, drawPos: Float64Array, drawNeg: Float64Array, probabilities: boolean): Float64Array {
  const s = new BinarySums();
  for (let k = 0; k < c.length; k++) {
    const p = drawPos[k]!;
    const q = drawNeg[k]!;
    if (p === 0 && q === 0) continue;
    const fp = p === 0 ? 0 : p / c.pos[k]!;
    const fq = q === 0 ? 0 : q / c.neg[k]!;
    s.add(p, q, fp * c.lossPos[k]!, fq * c.lossNeg[k]!, fp * c.brierPos[k]!, fq * c.brierNeg[k]!, fp * c.scorePos[k]!, fq * c.scoreNeg[k]!, c.bin[k]!, c.atOrAbove[k] === 1);
  }
  return s.values(probabilities);
}
