// Generates sample/experiments/reco_rollout.csv: a synthetic recommendation-model A/B test for
// `model-lens abtest` and "Model Lens: Analyse A/B Test". A seeded PRNG (mulberry32, seed 20261125, Box–Muller
// normals) makes the file byte-identical on every run:
//   node scripts/generateExperimentSample.mjs
// One row per user: user_id, variant (control / reco_v2 / reco_v3, assigned 1/3 each), platform, country,
// converted (0/1), revenue (0 unless converted; lognormal, heavy-tailed), latency_ms (guardrail), ts (first
// exposure, 14 days from 2026-03-02, fewer users on weekends).
// The story: reco_v2 lifts conversion by about 20% on android and web but LOWERS it on ios (a segment that
// disagrees); reco_v3 lifts conversion a little but is 15 ms slower (a breached latency guardrail).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './seededRandom.mjs';

const OUT = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'sample', 'experiments');
const ROWS = 36000;

const u = mulberry32(20261125);
const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
const weighted = (pairs) => {
  let x = u();
  for (const [v, w] of pairs) if ((x -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
};

const VARIANTS = ['control', 'reco_v2', 'reco_v3'];
const PLATFORMS = [['ios', 0.35], ['android', 0.4], ['web', 0.25]];
const COUNTRIES = [['US', 0.4], ['DE', 0.2], ['BR', 0.25], ['IN', 0.15]];
const BASE = { ios: 0.11, android: 0.09, web: 0.1 };
const LIFT = { control: { ios: 1, android: 1, web: 1 }, reco_v2: { ios: 0.86, android: 1.25, web: 1.22 }, reco_v3: { ios: 1.04, android: 1.04, web: 1.04 } };
const START = Date.UTC(2026, 2, 2);
// Day weights: weekends (days 5, 6, 12, 13 from a Monday) get 60% of the weekday traffic.
const DAYS = Array.from({ length: 14 }, (_, d) => [d, d % 7 >= 5 ? 0.6 : 1]);
const dayTotal = DAYS.reduce((s, [, w]) => s + w, 0);
const DAY_PAIRS = DAYS.map(([d, w]) => [d, w / dayTotal]);

const pad = (n) => String(n).padStart(2, '0');
const lines = ['user_id,variant,platform,country,converted,revenue,latency_ms,ts'];
for (let i = 0; i < ROWS; i++) {
  const variant = VARIANTS[Math.floor(u() * 3)];
  const platform = weighted(PLATFORMS);
  const country = weighted(COUNTRIES);
  const p = BASE[platform] * LIFT[variant][platform] * (country === 'IN' ? 0.8 : 1);
  const converted = u() < p ? 1 : 0;
  const revenue = converted ? Math.exp(3.2 + 1.1 * normal()) : 0;
  const latency = Math.max(20, 110 + (platform === 'web' ? 25 : 0) + 28 * normal() + (variant === 'reco_v3' ? 15 : variant === 'reco_v2' ? 0.5 : 0));
  const day = weighted(DAY_PAIRS);
  const t = new Date(START + day * 86400000 + Math.floor(u() * 86400) * 1000);
  const ts = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  lines.push([`u${String(i).padStart(6, '0')}`, variant, platform, country, converted, revenue.toFixed(2), latency.toFixed(1), ts].join(','));
}
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'reco_rollout.csv'), `${lines.join('\n')}\n`);
console.log(`wrote ${join(OUT, 'reco_rollout.csv')} (${ROWS} rows)`);
