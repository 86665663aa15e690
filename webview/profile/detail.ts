import { formatCount, formatNumber, formatPercent } from '../../src/core/render/numbers';
import type { ColumnProfile } from '../../src/core/profile/types';
import { QUANTILE_KEYS } from '../../src/core/profile/types';
import { distinctText, quantilesNote } from '../../src/core/profile/estimateText';
import { chartIn, cssVar, themedScales } from '../common/charts';
import { el } from '../common/dom';

/** The detail pane's numbers: integers in full with separators (an id's max stays exact), others to 4 significant digits, as the table's style. */
const f = (x: number | null | undefined): string => (x !== null && x !== undefined && Number.isInteger(x) && Math.abs(x) < 1e15 ? formatCount(x) : formatNumber(x, 4));

/** The detail pane of one column: statistics, quantiles, histogram or top values, datetime range. */
export function renderDetail(c: ColumnProfile, _rows: number): HTMLElement {
  const box = el('section', { class: 'detail', 'data-testid': 'column-detail', 'aria-label': `Details of ${c.name}` });
  box.append(el('h2', {}, c.name, ' ', el('span', { class: 'badge' }, c.kind)));
  const facts: [string, string][] = [
    ['type', c.type],
    ['missing', `${formatCount(c.missing)} (${formatPercent(c.missingPct / 100)})`],
    ['distinct', distinctText(c, formatCount)],
  ];
  if (c.numeric) {
    facts.push(['min', f(c.numeric.min)], ['max', f(c.numeric.max)], ['mean', f(c.numeric.mean)], ['std', f(c.numeric.std)]);
    if (c.numeric.nonFinite) facts.push(['NaN / ±inf', formatCount(c.numeric.nonFinite)]);
  }
  if (c.datetime) facts.push(['from', c.datetime.min ?? '—'], ['to', c.datetime.max ?? '—']);
  if (c.text) facts.push(['length', `${f(c.text.minLength)}–${f(c.text.maxLength)} (mean ${f(c.text.meanLength)})`]);
  box.append(el('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-field': k }, v)])));

  if (c.numeric) {
    const q = c.numeric.quantiles;
    box.append(
      el('table', { class: 'quantiles', 'data-testid': 'quantiles' },
        ...(c.numeric.approximateQuantiles ? [el('caption', { class: 'muted' }, `Quantiles ${quantilesNote(c.numeric)}`)] : []),
        el('thead', {}, el('tr', {}, ...QUANTILE_KEYS.map((k) => el('th', { scope: 'col' }, k)))),
        el('tbody', {}, el('tr', {}, ...QUANTILE_KEYS.map((k) => el('td', { 'data-field': k }, f(q[k])))))),
    );
  }
  const hist = c.numeric?.histogram;
  if (hist) {
    const canvas = el('canvas', { role: 'img', 'aria-label': `Histogram of ${c.name}` });
    box.append(el('div', { class: 'chart' }, canvas));
    const labels = hist.counts.map((_, i) => `${f(hist.edges[i])} – ${f(hist.edges[i + 1])}`);
    chartIn('histogram', canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: 'rows', data: hist.counts, backgroundColor: cssVar('--vscode-charts-blue', '#3794ff'), barPercentage: 1, categoryPercentage: 1 }] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: themedScales(),
      },
    });
  }
  if (c.top && c.top.length) {
    box.append(
      el('table', { class: 'top', 'data-testid': 'top-values' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Value'), el('th', { scope: 'col', class: 'num' }, 'Count'), el('th', { scope: 'col', class: 'num' }, 'Share of rows'), el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, 'Bar')))),
        el('tbody', {}, ...c.top.map((t) =>
          el('tr', {}, el('td', {}, t.value), el('td', { class: 'num' }, formatCount(t.count)), el('td', { class: 'num' }, formatPercent(t.pct / 100)),
            el('td', { class: 'bar-track' }, el('span', { class: 'bar' }))))),
      ),
    );
    box.querySelectorAll<HTMLElement>('.top tbody tr').forEach((tr, i) => {
      const bar = tr.querySelector<HTMLElement>('.bar');
      // Bars share one scale, the largest value's share, inside a fixed-width track (they collapsed to 1–3 px when
      // sized against an auto-width cell).
      const maxCount = Math.max(1, ...c.top!.map((t) => t.count));
      if (bar) bar.style.width = `${Math.max(c.top![i]!.count > 0 ? 2 : 0, Math.round((100 * c.top![i]!.count) / maxCount))}%`;
    });
  }
  return box;
}
