import type { RulesReport } from '../../src/core/rules/validate';
import type { RulesHostMsg, RulesViewMsg } from '../../src/shared/protocol';
import { formatNumber as f } from '../../src/core/profile/formatNumber';
import { el } from '../common/dom';
import { vscodeApi } from '../common/vscodeApi';
import { own } from '../../src/core/dict';

const vscode = vscodeApi<RulesViewMsg, unknown>();
const root = document.getElementById('app')!;
const pct = (x: number) => `${f(100 * x)}%`;

/** Failing rules first, then by severity; each rule's example rows in a disclosure. */
function render(r: RulesReport): void {
  root.replaceChildren(
    el('header', { class: 'summary' }, el('h1', {}, `Rules: ${r.dataset}`)),
    el('p', { class: `verdict ${r.summary.failed ? 'sev-error' : ''}`, 'data-testid': 'verdict' },
      r.summary.failed ? `${r.summary.failed} of ${r.summary.rules} rules failed` : `All ${r.summary.rules} rules passed`),
  );
  const order = { error: 0, warning: 1, info: 2 } as const;
  const rules = [...r.rules].sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1) || order[a.severity] - order[b.severity]);
  const body = el('tbody', {}, ...rules.flatMap((x) => {
    const row = el('tr', { 'data-testid': 'rule-row', 'data-rule': x.id },
      el('th', { scope: 'row' }, x.id),
      el('td', {}, el('code', {}, x.expr), x.when ? el('span', { class: 'muted' }, ` when ${x.when}`) : null),
      el('td', {}, el('span', { class: 'badge' }, x.severity)),
      el('td', { class: x.status === 'fail' ? 'drifted' : '', 'data-field': 'status' }, x.status),
      el('td', { class: 'num', 'data-field': 'violations' }, String(x.violations)),
      el('td', { class: 'num' }, String(x.rows)),
      el('td', { class: 'num' }, pct(x.rate)),
      el('td', { class: 'num' }, pct(x.maxRate)));
    if (!x.examples.length) return [row];
    const cols = Object.keys(x.examples[0]!.values);
    const examples = el('tr', { class: 'examples' }, el('td', { colspan: '8' }, el('details', {}, el('summary', {}, `${x.examples.length} example row${x.examples.length === 1 ? '' : 's'}`),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'row'), ...cols.map((c) => el('th', {}, c)))),
        el('tbody', {}, ...x.examples.map((e) => el('tr', {}, el('td', { class: 'num' }, String(e.row)), ...cols.map((c) => el('td', {}, own(e.values, c) === null ? 'null' : String(own(e.values, c)))))))))));
    return [row, examples];
  }));
  root.append(el('table', { class: 'columns', 'data-testid': 'rules-table' },
    el('thead', {}, el('tr', {}, ...['rule', 'expression', 'severity', 'status', 'violations', 'rows', 'rate', 'allowed'].map((h) => el('th', { scope: 'col' }, h)))), body));
}

window.addEventListener('message', (e: MessageEvent<RulesHostMsg>) => {
  if (e.data.type === 'rules/snapshot') render(e.data.report);
});
vscode.postMessage({ type: 'view/ready' });
