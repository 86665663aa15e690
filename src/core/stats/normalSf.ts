import { normalCdf } from './normalCdf';

/**
 * Standard normal survival function 1 − Φ(z) = Φ(−z) (scipy.stats.norm.sf), computed by symmetry so
 * the upper tail keeps full relative accuracy.
 */
export function normalSf(z: number): number {
  return normalCdf(-z);
}
