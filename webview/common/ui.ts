/**
 * The panels' shared design language (docs/panel-design.md): a verdict card first (status colour, one sentence,
 * the three numbers that matter), then the one chart that shows it (with a text alternative), then details
 * collapsed by default, worst first, with "Show all" for long lists and findings grouped by kind with counts.
 * Every panel builds its page from these; media/panel.css styles them with VS Code theme variables only.
 */
import type { KeyNumber, Verdict, VerdictStatus } from '../../src/core/verdict/types';
import { STATUS_LABEL } from '../../src/core/verdict/types';
import { term, termTooltip } from '../../src/core/render/vocabulary';
import { setNumberLocale } from '../../src/core/render/numbers';
import { el } from './dom';

setNumberLocale(typeof navigator === 'undefined' ? undefined : navigator.language);

const ICON: Record<VerdictStatus, string> = { pass: '✓', warn: '!', fail: '✕', error: '⊘' };

/** A status shown in colour, with an icon and a word (never colour alone). */
export function statusBadge(status: VerdictStatus, testid = 'status'): HTMLElement {
  return el('span', { class: `status-badge status-${status}`, 'data-testid': testid, 'data-status': status },
    el('span', { class: 'status-icon', 'aria-hidden': 'true' }, ICON[status]), STATUS_LABEL[status]);
}

function keyNumber(n: KeyNumber): HTMLElement {
  return el('div', { class: 'key-number', ...(n.hint ? { title: n.hint } : {}) },
    el('span', { class: 'value', 'data-testid': 'key-number' }, n.value), el('span', { class: 'label' }, n.label));
}

/**
 * The verdict card: status, the headline (data-testid="verdict") and the key numbers. `actions` are the panel's
 * buttons (Refresh, Share, exports), shown in the card's corner.
 */
export function verdictCard(title: string, v: Verdict, actions: HTMLElement[] = [], o: { neutral?: boolean } = {}): HTMLElement {
  // A neutral card (an explanation, a model's facts) has no pass/fail: no status colour, no badge.
  return el('section', { class: `verdict-card ${o.neutral ? 'status-info' : `status-${v.status}`}`, 'data-testid': 'verdict-card', 'data-status': o.neutral ? 'info' : v.status, 'aria-label': o.neutral ? title : `${title}: ${STATUS_LABEL[v.status]}` },
    el('header', {}, el('h1', {}, title), o.neutral ? null : statusBadge(v.status), el('div', { class: 'actions' }, ...actions)),
    el('p', { class: 'headline', 'data-testid': 'verdict' }, v.headline),
    v.numbers.length ? el('div', { class: 'key-numbers' }, ...v.numbers.slice(0, 3).map(keyNumber)) : null);
}

/** A button that runs `onClick`; `testid` for tests. */
export function button(label: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * The one chart of a panel: a caption, the chart (canvas or svg, role="img" with `summary` as its label) and the
 * same numbers as a table in a collapsed "Data" disclosure, so the chart has a text alternative.
 */
export function chartFigure(o: { title: string; summary: string; chart: HTMLElement | SVGElement; height?: number; table?: { head: string[]; rows: (string | number)[][] }; testid?: string; legend?: HTMLElement | null }): HTMLElement {
  o.chart.setAttribute('role', 'img');
  o.chart.setAttribute('aria-label', o.summary);
  const box = el('div', { class: 'chart' }, o.chart as HTMLElement);
  if (o.height) box.style.height = `${o.height}px`;
  else if (o.chart instanceof SVGElement) box.style.height = 'auto'; // an SVG sizes itself (a canvas needs the box's height)
  return el('figure', { class: 'chart-figure', ...(o.testid ? { 'data-testid': o.testid } : {}) },
    el('figcaption', {}, o.title),
    o.legend ?? null,
    box,
    o.table ? el('details', { class: 'chart-data' }, el('summary', {}, 'Data as a table'), dataTable(o.table.head, o.table.rows)) : null);
}

/** A plain table: header cells, then rows (numbers right-aligned). */
export function dataTable(head: string[], rows: (string | number | HTMLElement)[][], attrs: Record<string, string> = {}): HTMLTableElement {
  const numeric = head.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || (typeof r[j] === 'string' && /^[−+-]?[\d.,]+(%|×)?$|^—$/.test(String(r[j]).trim()))));
  return el('table', { class: 'data', ...attrs },
    el('thead', {}, el('tr', {}, ...head.map((h, j) => el('th', { scope: 'col', ...(numeric[j] ? { class: 'num' } : {}) }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, j) => (j === 0 ? el('th', { scope: 'row' }, c instanceof HTMLElement ? c : String(c)) : el('td', numeric[j] ? { class: 'num' } : {}, c instanceof HTMLElement ? c : String(c))))))));
}

/** A details section, collapsed unless `open`; the summary shows a count when given. */
export function detailsSection(title: string, content: (Node | null)[], o: { open?: boolean; count?: number; testid?: string; status?: VerdictStatus } = {}): HTMLDetailsElement {
  return el('details', { class: `section${o.status ? ` status-${o.status}` : ''}`, ...(o.open ? { open: '' } : {}), ...(o.testid ? { 'data-testid': o.testid } : {}) },
    el('summary', {}, el('span', { class: 'section-title' }, title), o.count !== undefined ? el('span', { class: 'count' }, String(o.count)) : null),
    ...content);
}

/**
 * A long list shortened to `limit` items with a "Show all N" button (and "Show fewer" back). Items are rendered
 * lazily by `render`; `worst first` is the caller's order.
 */
export function showAll<T>(items: readonly T[], limit: number, render: (x: T) => HTMLElement, o: { container?: 'ul' | 'tbody' | 'div'; testid?: string } = {}): HTMLElement {
  const tag = o.container ?? 'ul';
  const list = el(tag, { class: tag === 'ul' ? 'findings' : '', ...(o.testid ? { 'data-testid': o.testid } : {}) });
  const wrap = el('div', { class: 'show-all' }, list);
  let all = false;
  const draw = () => {
    list.replaceChildren(...(all ? items : items.slice(0, limit)).map(render));
    more?.remove();
    if (items.length > limit) {
      more = button(all ? 'Show fewer' : `Show all ${items.length}`, () => { all = !all; draw(); }, { class: 'link', 'data-testid': 'show-all' });
      wrap.append(more);
    }
  };
  let more: HTMLButtonElement | undefined;
  draw();
  return wrap;
}

/** Findings grouped by kind with counts, worst group first: each group a collapsed section listing its items. */
export function findingGroups(groups: { label: string; items: (string | Node)[]; status?: VerdictStatus }[], o: { limit?: number; openFirst?: boolean } = {}): HTMLElement {
  return el('div', { class: 'finding-groups', 'data-testid': 'findings' }, ...groups.filter((g) => g.items.length).map((g, i) =>
    detailsSection(g.label, [showAll(g.items, o.limit ?? 5, (x) => el('li', {}, x))], { count: g.items.length, open: !!o.openFirst && i === 0, ...(g.status ? { status: g.status } : {}) })));
}

/** A metric's display name with its definition and threshold on hover (never the raw id). */
export function termLabel(id: string, tag: 'span' | 'th' = 'span'): HTMLElement {
  const tip = termTooltip(id);
  return el(tag, { class: 'term', ...(tip ? { title: tip } : {}), ...(tag === 'th' ? { scope: 'row' } : {}), 'data-term': id }, term(id).name);
}

/** Calls `cb` when the VS Code theme changes (the body's vscode-light/dark/high-contrast class). */
export function onThemeChange(cb: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    cb();
  }).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}

/** The "computing" state every panel shows instead of a blank page: a status line and an indeterminate bar. */
export function busy(text: string): HTMLElement {
  return el('div', { class: 'busy', role: 'status', 'data-testid': 'busy' }, el('div', { class: 'progress-bar', 'aria-hidden': 'true' }), el('p', { class: 'muted' }, text));
}

/** An error box with an optional "Try again". */
export function errorBox(message: string, retry?: () => void): HTMLElement {
  return el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, message, retry ? el('div', {}, button('Try again', retry)) : null);
}

/** The usual buttons of a report panel: Refresh, Share (HTML page for non-experts) and the exports it offers. */
export function panelActions<C extends string>(send: (m: C) => void, commands: { refresh?: C; share?: C; exports?: [C, string][] }): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (commands.refresh) out.push(button('Refresh', () => send(commands.refresh!), { 'data-testid': 'refresh' }));
  if (commands.share) out.push(button('Share…', () => send(commands.share!), { 'data-testid': 'share', title: 'Save one self-contained HTML page with the verdict, the chart and the numbers, written for people who do not use Model Lens' }));
  for (const [c, label] of commands.exports ?? []) out.push(button(label, () => send(c), { 'data-testid': `export-${c}`, class: 'secondary' }));
  return out;
}

/** A small legend: colour swatches (CSS colours or variables) with their meaning; 'dotted' draws a dotted line instead (reference lines). */
export function legend(items: ([string, string] | [string, string, 'dotted'])[]): HTMLElement {
  return el('div', { class: 'chart-legend' }, ...items.map(([colour, text, kind]) => {
    const sw = el('span', { class: kind ? `swatch ${kind}` : 'swatch', 'aria-hidden': 'true' });
    if (kind) sw.style.borderTopColor = colour;
    else sw.style.background = colour;
    return el('span', {}, sw, text);
  }));
}
