import type { TreeLayout } from './treeLayout';

/**
 * Rows per scoreRows call. A long first call runs the whole way in V8's on-stack-replacement code, ~15%
 * slower than the code V8 compiles for the function's later calls; many short calls get that code early.
 */
export const SCORE_CALL_ROWS = 8192;

/**
 * Margins of rows start … end − 1 of X (row-major, F features, float32) into out[r · G + g], G = numGroups:
 * m_{r,g} = baseMargin + Σ_{t: group(t)=g} w_t · leaf_t(x_r), the sum taken in tree order in float64, so
 * every row gets the same bits whichever rows share its call (Chen & Guestrin 2016, XGBoost eq. 1; w_t =
 * DART weight_drop or 1). A split sends a row left when x < threshold, right when x >= threshold, and to
 * its default child when x is NaN (XGBoost's RegTree::GetNext; both float32, so the compare is exact).
 *
 * Rows go in blocks of L.rowBlock, each tree walking eight rows in lockstep (independent loads the CPU
 * overlaps) with branch-free steps (data-dependent branches mispredict). Perfect layout (see TreeLayout):
 * the block is transposed column-major, rows with a NaN moved after the others, so rows without one take
 * the step `s → 2s + 1 + (x >= t)`; rows with one add `(x is NaN) & defaultRight`. Node layout: one step
 * goes from slot a to the left child's slot, + 4 (the right child) when x >= t or when x is NaN and the
 * default is right.
 *
 * Worker threads run this function from its source text (./predictWorkers.ts): it must use nothing from
 * outside its own body — no imports, no module constants, no helper functions.
 */
export function scoreRows(L: TreeLayout, baseMargin: number, X: Float32Array, F: number, start: number, end: number, out: Float64Array): void {
  const G = L.numGroups;
  const B = L.rowBlock;
  const { root, depth, group, node: J, thr: T, leaf } = L;
  out.fill(baseMargin, start * G, end * G);
  if (!L.perfect) {
    for (let s0 = start; s0 < end; s0 += B) {
      const s1 = Math.min(end, s0 + B);
      for (let t = 0; t < L.numTrees; t++) {
        const a00 = root[t]!;
        const D = depth[t]!;
        const g = group[t]!;
        let r = s0;
        for (; r + 7 < s1; r += 8) {
          const o = r * F;
          let a0 = a00, a1 = a00, a2 = a00, a3 = a00, a4 = a00, a5 = a00, a6 = a00, a7 = a00;
          for (let k = 0; k < D; k++) {
            const x0 = X[o + J[a0 + 1]!]!;
            const x1 = X[o + F + J[a1 + 1]!]!;
            const x2 = X[o + 2 * F + J[a2 + 1]!]!;
            const x3 = X[o + 3 * F + J[a3 + 1]!]!;
            const x4 = X[o + 4 * F + J[a4 + 1]!]!;
            const x5 = X[o + 5 * F + J[a5 + 1]!]!;
            const x6 = X[o + 6 * F + J[a6 + 1]!]!;
            const x7 = X[o + 7 * F + J[a7 + 1]!]!;
            a0 = J[a0]! + ((+(x0 >= T[a0 + 2]!) << 2) | ((+(x0 !== x0) << 2) & J[a0 + 3]!));
            a1 = J[a1]! + ((+(x1 >= T[a1 + 2]!) << 2) | ((+(x1 !== x1) << 2) & J[a1 + 3]!));
            a2 = J[a2]! + ((+(x2 >= T[a2 + 2]!) << 2) | ((+(x2 !== x2) << 2) & J[a2 + 3]!));
            a3 = J[a3]! + ((+(x3 >= T[a3 + 2]!) << 2) | ((+(x3 !== x3) << 2) & J[a3 + 3]!));
            a4 = J[a4]! + ((+(x4 >= T[a4 + 2]!) << 2) | ((+(x4 !== x4) << 2) & J[a4 + 3]!));
            a5 = J[a5]! + ((+(x5 >= T[a5 + 2]!) << 2) | ((+(x5 !== x5) << 2) & J[a5 + 3]!));
            a6 = J[a6]! + ((+(x6 >= T[a6 + 2]!) << 2) | ((+(x6 !== x6) << 2) & J[a6 + 3]!));
            a7 = J[a7]! + ((+(x7 >= T[a7 + 2]!) << 2) | ((+(x7 !== x7) << 2) & J[a7 + 3]!));
          }
          const q = r * G + g;
          out[q]! += leaf[a0 >> 2]!;
          out[q + G]! += leaf[a1 >> 2]!;
          out[q + 2 * G]! += leaf[a2 >> 2]!;
          out[q + 3 * G]! += leaf[a3 >> 2]!;
          out[q + 4 * G]! += leaf[a4 >> 2]!;
          out[q + 5 * G]! += leaf[a5 >> 2]!;
          out[q + 6 * G]! += leaf[a6 >> 2]!;
          out[q + 7 * G]! += leaf[a7 >> 2]!;
        }
        for (; r < s1; r++) {
          const o = r * F;
          let a = a00;
          for (let k = 0; k < D; k++) {
            const x = X[o + J[a + 1]!]!;
            a = J[a]! + ((+(x >= T[a + 2]!) << 2) | ((+(x !== x) << 2) & J[a + 3]!));
          }
          out[r * G + g]! += leaf[a >> 2]!;
        }
      }
    }
    return;
  }
  // Perfect layout. Slots are global (root + relative slot), so the step s → 2s + 1 + c relative to the
  // root b is a → 2a + (1 − b) + c. `| 0` keeps the integer arithmetic free of overflow checks.
  const R = L.defaultRight;
  const xt = new Float32Array(B * F);
  const rowOf = new Int32Array(B);
  for (let s0 = start; s0 < end; s0 += B) {
    const m = Math.min(B, end - s0);
    let clean = 0;
    let dirty = m;
    for (let r = 0; r < m; r++) {
      const o = (s0 + r) * F;
      let nan = false;
      for (let j = 0; j < F; j++) if (X[o + j]! !== X[o + j]!) nan = true;
      const c = nan ? --dirty : clean++;
      rowOf[c] = s0 + r;
      for (let j = 0; j < F; j++) xt[j * B + c] = X[o + j]!;
    }
    for (let t = 0; t < L.numTrees; t++) {
      const b = root[t]!;
      const D = depth[t]!;
      const g = group[t]!;
      const k1 = (1 - b) | 0;
      let c = 0;
      for (; c + 7 < clean; c += 8) {
        let a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
        for (let k = 0; k < D; k++) {
          a0 = (2 * a0 + k1 + +(xt[(J[a0]! + c) | 0]! >= T[a0]!)) | 0;
          a1 = (2 * a1 + k1 + +(xt[(((J[a1]! + c) | 0) + 1) | 0]! >= T[a1]!)) | 0;
          a2 = (2 * a2 + k1 + +(xt[(((J[a2]! + c) | 0) + 2) | 0]! >= T[a2]!)) | 0;
          a3 = (2 * a3 + k1 + +(xt[(((J[a3]! + c) | 0) + 3) | 0]! >= T[a3]!)) | 0;
          a4 = (2 * a4 + k1 + +(xt[(((J[a4]! + c) | 0) + 4) | 0]! >= T[a4]!)) | 0;
          a5 = (2 * a5 + k1 + +(xt[(((J[a5]! + c) | 0) + 5) | 0]! >= T[a5]!)) | 0;
          a6 = (2 * a6 + k1 + +(xt[(((J[a6]! + c) | 0) + 6) | 0]! >= T[a6]!)) | 0;
          a7 = (2 * a7 + k1 + +(xt[(((J[a7]! + c) | 0) + 7) | 0]! >= T[a7]!)) | 0;
        }
        out[rowOf[c]! * G + g]! += leaf[a0]!;
        out[rowOf[c + 1]! * G + g]! += leaf[a1]!;
        out[rowOf[c + 2]! * G + g]! += leaf[a2]!;
        out[rowOf[c + 3]! * G + g]! += leaf[a3]!;
        out[rowOf[c + 4]! * G + g]! += leaf[a4]!;
        out[rowOf[c + 5]! * G + g]! += leaf[a5]!;
        out[rowOf[c + 6]! * G + g]! += leaf[a6]!;
        out[rowOf[c + 7]! * G + g]! += leaf[a7]!;
      }
      for (; c < clean; c++) {
        let a = b;
        for (let k = 0; k < D; k++) a = (2 * a + k1 + +(xt[(J[a]! + c) | 0]! >= T[a]!)) | 0;
        out[rowOf[c]! * G + g]! += leaf[a]!;
      }
      for (; c + 7 < m; c += 8) {
        let a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
        for (let k = 0; k < D; k++) {
          const x0 = xt[(J[a0]! + c) | 0]!;
          const x1 = xt[(((J[a1]! + c) | 0) + 1) | 0]!;
          const x2 = xt[(((J[a2]! + c) | 0) + 2) | 0]!;
          const x3 = xt[(((J[a3]! + c) | 0) + 3) | 0]!;
          const x4 = xt[(((J[a4]! + c) | 0) + 4) | 0]!;
          const x5 = xt[(((J[a5]! + c) | 0) + 5) | 0]!;
          const x6 = xt[(((J[a6]! + c) | 0) + 6) | 0]!;
          const x7 = xt[(((J[a7]! + c) | 0) + 7) | 0]!;
          a0 = (2 * a0 + k1 + (+(x0 >= T[a0]!) | (+(x0 !== x0) & R[a0]!))) | 0;
          a1 = (2 * a1 + k1 + (+(x1 >= T[a1]!) | (+(x1 !== x1) & R[a1]!))) | 0;
          a2 = (2 * a2 + k1 + (+(x2 >= T[a2]!) | (+(x2 !== x2) & R[a2]!))) | 0;
          a3 = (2 * a3 + k1 + (+(x3 >= T[a3]!) | (+(x3 !== x3) & R[a3]!))) | 0;
          a4 = (2 * a4 + k1 + (+(x4 >= T[a4]!) | (+(x4 !== x4) & R[a4]!))) | 0;
          a5 = (2 * a5 + k1 + (+(x5 >= T[a5]!) | (+(x5 !== x5) & R[a5]!))) | 0;
          a6 = (2 * a6 + k1 + (+(x6 >= T[a6]!) | (+(x6 !== x6) & R[a6]!))) | 0;
          a7 = (2 * a7 + k1 + (+(x7 >= T[a7]!) | (+(x7 !== x7) & R[a7]!))) | 0;
        }
        out[rowOf[c]! * G + g]! += leaf[a0]!;
        out[rowOf[c + 1]! * G + g]! += leaf[a1]!;
        out[rowOf[c + 2]! * G + g]! += leaf[a2]!;
        out[rowOf[c + 3]! * G + g]! += leaf[a3]!;
        out[rowOf[c + 4]! * G + g]! += leaf[a4]!;
        out[rowOf[c + 5]! * G + g]! += leaf[a5]!;
        out[rowOf[c + 6]! * G + g]! += leaf[a6]!;
        out[rowOf[c + 7]! * G + g]! += leaf[a7]!;
      }
      for (; c < m; c++) {
        let a = b;
        for (let k = 0; k < D; k++) {
          const x = xt[(J[a]! + c) | 0]!;
          a = (2 * a + k1 + (+(x >= T[a]!) | (+(x !== x) & R[a]!))) | 0;
        }
        out[rowOf[c]! * G + g]! += leaf[a]!;
      }
    }
  }
}
