import type { RulesReport } from '../../src/core/rules/validate';
import type { RulesHostMsg, RulesViewMsg } from '../../src/shared/protocol';
import { formatCount, formatPercent } from '../../src/core/render/numbers';
import { rulesVerdict } from '../../src/core/verdict/rules';
import { el } from '../common/dom';
import { button, detailsSection, onThemeChange, showAll, statusBadge, verdictCard } from '../common/ui';
import { vscodeApi } from '../common/vscodeApi';
import { own } from '../../src/core/dict';

const vscode = vscodeApi<RulesViewMsg, unknown>();
const root = document.getElementById('app')!;
let last: RulesReport | undefined;

/** Verdict card first; broken rules first (errors, then by rate), each with its example rows collapsed. */
function render(r: RulesReport): void {
  const v = rulesVerdict(r);
  root.replaceChildren(verdictCard(`Rules: ${r.dataset}`, v, [button('Share…', () => vscode.postMessage({ type: 'rules/share' }), { 'data-testid': 'share' })]));
  const order = { error: 0, warning: 1, info: 2 } as const;
  const rules = [...r.rules].sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1) || order[a.severity] - order[b.severity] || b.rate - a.rate);
  const rows = rules.flatMap((x) => {
    const status = x.status === 'pass' ? 'pass' : x.severity === 'error' ? 'fail' : 'warn';
    const row = el('tr', { 'data-testid': 'rule-row', 'data-rule': x.id, ...(status === 'fail' ? { class: 'flagged' } : {}) },
      el('th', { scope: 'row' }, x.id),
      el('td', {}, el('code', {}, x.expr), x.when ? el('span', { class: 'muted' }, ` when ${x.when}`) : null),
      el('td', {}, x.severity),
      el('td', { 'data-field': 'status', 'data-status': x.status }, statusBadge(status, 'rule-status')),
      el('td', { class: 'num', 'data-field': 'violations' }, formatCount(x.violations)),
      el('td', { class: 'num' }, formatCount(x.rows)),
      el('td', { class: 'num' }, formatPercent(x.rate)),
      el('td', { class: 'num' }, formatPercent(x.maxRate)));
    if (!x.examples.length) return [row];
    const cols = Object.keys(x.examples[0]!.values);
    const examples = el('tr', { class: 'examples' }, el('td', { colspan: '8' }, el('details', {}, el('summary', {}, `${x.examples.length} example row${x.examples.length === 1 ? '' : 's'} breaking ${x.id}`),
      el('table', { class: 'data' }, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Row'), ...cols.map((c) => el('th', { scope: 'col' }, c)))),
        el('tbody', {}, ...x.examples.map((e) => el('tr', {}, el('td', { class: 'num' }, formatCount(e.row)), ...cols.map((c) => el('td', {}, own(e.values, c) === null ? 'null' : String(own(e.values, c)))))))))));
    return [row, examples];
  });
  const head = el('thead', {}, el('tr', {}, ...['Rule', 'Condition', 'Severity', 'Status', 'Violations', 'Rows', 'Rate', 'Tolerated'].map((h, j) => el('th', { scope: 'col', ...(j >= 4 ? { class: 'num' } : {}) }, h))));
  const list = showAll(rows, 24, (x) => x, { container: 'tbody' });
  list.prepend(el('table', { class: 'columns', 'data-testid': 'rules-table' }, head, list.querySelector('tbody')!));
  root.append(detailsSection('Every rule, broken first', [list], { count: r.rules.length, open: true, testid: 'rules-section' }));
}

window.addEventListener('message', (e: MessageEvent<RulesHostMsg>) => {
  if (e.data.type === 'rules/snapshot') {
    last = e.data.report;
    render(last);
  }
});
onThemeChange(() => { if (last) render(last); });
vscode.postMessage({ type: 'view/ready' });
