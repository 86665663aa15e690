import type { CheckTrend } from '../history/historyQuery';
import { figureName } from '../history/figureName';
import { formatChange, formatCount, formatNumber } from '../render/numbers';
import { STATUS_LABEL, worst, type VerdictStatus } from '../verdict/types';
import type { ShareDoc } from './sharePage';

const STATUSES: ReadonlySet<string> = new Set(['pass', 'warn', 'fail', 'error']);
const statusOf = (s: string | undefined): VerdictStatus => (s !== undefined && STATUSES.has(s) ? (s as VerdictStatus) : 'error');

/** "Share…" on the Run History panel: each check's latest status and how its key figures moved over the runs. */
export function historyShareDoc(trends: readonly CheckTrend[], runs: number): ShareDoc {
  const latest = trends.map((t) => ({ t, last: t.runs[t.runs.length - 1] }));
  const status = latest.length ? worst(latest.map((x) => statusOf(x.last?.status))) : 'pass';
  const count = (s: VerdictStatus) => latest.filter((x) => statusOf(x.last?.status) === s).length;
  const bad = latest.filter((x) => statusOf(x.last?.status) !== 'pass');
  const headline = latest.length === 0
    ? 'No run recorded yet: every "Run All Checks" and `model-lens check` adds one.'
    : `In the latest runs, ${formatCount(count('fail'))} of ${formatCount(latest.length)} checks failed and ${formatCount(count('warn'))} need attention.`;
  return {
    title: 'Model checks over time',
    intro: 'Every run of the checks (data drift, fairness, pipeline health, business rules, model quality) is recorded, so a figure that slowly gets worse shows up as a trend rather than a surprise.',
    verdict: {
      status,
      headline,
      reasons: bad.slice(0, 5).map((x) => `${x.t.title}: ${STATUS_LABEL[statusOf(x.last?.status)].toLowerCase()} — ${x.last?.summary ?? ''}`),
      numbers: [{ label: 'runs recorded', value: formatCount(runs) }, { label: 'checks', value: formatCount(latest.length) }],
    },
    tables: [{
      title: 'Checks',
      head: ['Check', 'Latest', 'Runs', 'Key figure', 'Last value', 'Change since the run before'],
      rows: latest.map(({ t, last }) => {
        const f = t.figures[0];
        return [t.title, STATUS_LABEL[statusOf(last?.status)], formatCount(t.runs.length), f ? figureName(f.name) : '—', formatNumber(f?.last ?? null), f?.change === null || f === undefined ? '—' : formatChange(f.change, 'absolute')];
      }),
    }],
    notes: ['Statuses are those each run recorded; a change is the key figure\'s difference from the run before it.'],
    generated: new Date().toISOString().slice(0, 10),
  };
}
