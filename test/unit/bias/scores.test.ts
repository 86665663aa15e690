import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit, type BiasReport } from '../../../src/core/bias/audit';
import { InputError } from '../../../src/core/errors';
import type { GroupReport } from '../../../src/core/bias/report';
import { close, loadTable, memoryDb } from './helpers';

// Reference: test/fixtures/bias/generate.py — sklearn roc_auc_score / brier_score_loss per group,
// calibration bins and a threshold sweep computed directly as s >= k/100 (not from histograms).
type Num = number | null;
interface RefGroup { group: string; metrics: Record<string, Num>; scores: { meanScore: number; brier: number; auc: Num; calibration: { n: number; meanScore: Num; observedRate: Num }[] } }
interface RefSweep { threshold: number; groups: Record<string, Record<string, Num>>; demographicParityDifference: Num; demographicParityRatio: Num; equalizedOddsDifference: Num }
interface Fixture { minGroupSize: number; privileged: Record<string, string>; data: Record<string, (string | number | null)[]>; expected: { attributes: { attribute: string; groups: RefGroup[]; sweep?: RefSweep[] }[]; overallScores: { meanScore: number; brier: number; auc: number } } }
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bias/generated.json'), 'utf8')) as Fixture;
const TOL = 1e-12;

describe('score metrics (mean score, Brier, AUC, calibration, threshold sweep) vs sklearn', () => {
  let db: Awaited<ReturnType<typeof memoryDb>>;
  let report: BiasReport;
  const d = fixture.data;
  before(async () => {
    db = await memoryDb();
    await loadTable(db.execute, 'ds', {
      gender: { type: 'VARCHAR', values: d['gender'] ?? [] }, region: { type: 'VARCHAR', values: d['region'] ?? [] }, age: { type: 'VARCHAR', values: d['age'] ?? [] },
      y: { type: 'INTEGER', values: d['y'] ?? [] }, score: { type: 'DOUBLE', values: d['score'] ?? [] },
      logit: { type: 'DOUBLE', values: (d['score'] ?? []).map((v) => 4 * (Number(v) - 0.5)) },
    });
    report = await audit(db.execute, '"ds"', { dataset: 'generated', sensitive: ['gender', 'region', 'age'], label: 'y', score: 'score', threshold: 0.5, favorable: 1, minGroupSize: fixture.minGroupSize, privileged: fixture.privileged });
  });
  after(() => db.close());

  it('overall mean score, Brier and AUC', () => {
    const o = report.attributes[0]?.overall;
    assert.ok(close(o?.['meanScore'], fixture.expected.overallScores.meanScore, TOL));
    assert.ok(close(o?.['brier'], fixture.expected.overallScores.brier, TOL));
    assert.ok(close(o?.['auc'], fixture.expected.overallScores.auc, TOL));
  });

  it('per group, for every attribute and intersection: base metrics at the threshold, mean score, Brier, AUC (ties averaged), calibration', () => {
    let aucUndefined = 0;
    for (const ref of fixture.expected.attributes) {
      const a = report.attributes.find((x) => x.attribute === ref.attribute);
      assert.ok(a, ref.attribute);
      for (const rg of ref.groups) {
        const g: GroupReport | undefined = a.groups.find((x) => x.group === rg.group);
        assert.ok(g, rg.group);
        const where = `${ref.attribute}=${rg.group}`;
        for (const [m, v] of Object.entries(rg.metrics)) assert.ok(close(g[m] as Num, v, TOL), `${where} ${m}`);
        assert.ok(close(g['meanScore'] as Num, rg.scores.meanScore, TOL), `${where} meanScore`);
        assert.ok(close(g['brier'] as Num, rg.scores.brier, TOL), `${where} brier`);
        assert.ok(close(g['auc'] as Num, rg.scores.auc, TOL), `${where} auc ${String(g['auc'])} vs ${String(rg.scores.auc)}`);
        if (rg.scores.auc === null) {
          aucUndefined++;
          assert.equal((g['undefined'] as Record<string, string>)['auc'], rg.metrics['baseRate'] === 0 ? 'no actual positives' : 'no actual negatives');
        }
        const cal = g['calibration'] as { n: number; meanScore: Num; observedRate: Num }[];
        rg.scores.calibration.forEach((c, j) => {
          assert.equal(cal[j]?.n, c.n, `${where} calibration bin ${j} n`);
          assert.ok(close(cal[j]?.meanScore, c.meanScore, TOL) && close(cal[j]?.observedRate, c.observedRate, TOL), `${where} calibration bin ${j}`);
        });
      }
    }
    assert.ok(aucUndefined > 0, 'region r20 has no positives, so its AUC must be undefined');
    const gender = fixture.expected.attributes[0]?.groups ?? [];
    const aucs = gender.map((g) => g.scores.auc ?? NaN);
    const lo = gender[aucs.indexOf(Math.min(...aucs))];
    const hi = gender[aucs.indexOf(Math.max(...aucs))];
    assert.ok(report.attributes[0]?.findings.includes(`AUC ranges from ${Math.min(...aucs).toFixed(2)} (gender=${lo?.group}) to ${Math.max(...aucs).toFixed(2)} (gender=${hi?.group}) among groups with at least 30 rows.`), report.attributes[0]?.findings.join('\n'));
  });

  it('threshold sweep (from histograms) equals the direct computation at every threshold', () => {
    for (const ref of fixture.expected.attributes.filter((a) => a.sweep)) {
      const sweep = report.attributes.find((x) => x.attribute === ref.attribute)?.thresholdSweep;
      assert.equal(sweep?.length, ref.sweep?.length);
      ref.sweep?.forEach((p, i) => {
        const got = sweep?.[i];
        assert.ok(got && Math.abs(got.threshold - p.threshold) === 0);
        for (const g of got.groups) for (const m of ['selectionRate', 'tpr', 'fpr'] as const) assert.ok(close(g[m], p.groups[g.group]?.[m], TOL), `${ref.attribute} t=${p.threshold} ${g.group} ${m}`);
        for (const m of ['demographicParityDifference', 'demographicParityRatio', 'equalizedOddsDifference'] as const) assert.ok(close(got[m], p[m], TOL), `${ref.attribute} t=${p.threshold} ${m}`);
      });
    }
  });

  it('scores outside [0, 1] → SCORE_OUT_OF_RANGE', async () => {
    await assert.rejects(audit(db.execute, '"ds"', { dataset: 'g', sensitive: ['gender'], label: 'y', score: 'logit', favorable: 1 }), (e: unknown) => e instanceof InputError && e.code === 'SCORE_OUT_OF_RANGE');
  });
});
