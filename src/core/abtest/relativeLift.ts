import { normalPpf } from '../stats/normalPpf';

/**
 * Relative lift r = m_t / m_c − 1 with a delta-method interval: Var(r) ≈ v_t/m_c² + m_t²·v_c/m_c⁴, where v_t and
 * v_c are the variances of the two means (p(1−p)/n for a proportion, s²/n for a mean) and the arms are
 * independent; CI = r ± z_{1−α/2}·√Var(r) (Deng, Knoblich & Lu 2018, "Applying the delta method in metric
 * analytics", §3). Undefined (null) when the control mean is 0.
 */
export function relativeLift(mt: number, vt: number, mc: number, vc: number, alpha = 0.05): { lift: number | null; ci: [number, number] | null } {
  if (mc === 0 || !Number.isFinite(mc)) return { lift: null, ci: null };
  const lift = mt / mc - 1;
  const se = Math.sqrt(vt / (mc * mc) + (mt * mt * vc) / mc ** 4);
  const z = normalPpf(1 - alpha / 2);
  return { lift, ci: [lift - z * se, lift + z * se] };
}
