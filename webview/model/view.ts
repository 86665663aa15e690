import { formatCount, formatNumber } from '../../src/core/render/numbers';
import { el } from '../common/dom';
import { busy, verdictCard } from '../common/ui';

const f = (x: number | null | undefined): string => formatNumber(x);
import { importanceBars, modelFacts, runButtons, type ModelViewState } from './state';

/** Render the model editor from state; `run` asks the host to explain or predict. */
export function render(root: HTMLElement, s: ModelViewState, run: (what: 'explain' | 'predict') => void): void {
  root.replaceChildren();
  if (s.status === 'loading') {
    root.append(busy('Reading the model…'));
    return;
  }
  if (s.status === 'failed' || !s.summary) {
    root.append(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The model could not be read.', s.code ? ` [${s.code}]` : ''));
    return;
  }
  const m = s.summary;
  const gate = runButtons(s);
  const button = (label: string, what: 'explain' | 'predict', id: string): HTMLButtonElement => {
    const b = el('button', { 'data-testid': id, ...(gate.enabled ? {} : { disabled: '', title: gate.reason ?? '' }) }, label);
    if (!gate.enabled) {
      b.style.opacity = '0.5';
      b.style.cursor = 'not-allowed';
    }
    b.addEventListener('click', () => run(what));
    return b;
  };
  const facts = new Map(modelFacts(m));
  const top = [...m.importance].sort((a, b) => (b.gain ?? b.cover) - (a.gain ?? a.cover))[0];
  const card = verdictCard(m.file, {
    status: 'pass',
    headline: `${facts.get('type')} model (${m.objective}) with ${m.trees ? `${formatCount(m.trees.count)} trees on ` : ''}${formatCount(m.numFeatures)} features${top ? `; ${top.feature} carries the most ${top.gain !== null ? 'gain' : 'cover'}` : ''}.`,
    reasons: [],
    numbers: [
      { label: 'Features', value: formatCount(m.numFeatures) },
      { label: 'Trees', value: m.trees ? formatCount(m.trees.count) : '—' },
      { label: 'Classes', value: formatCount(m.numClasses) },
    ],
  }, [button('Predict on Dataset…', 'predict', 'predict'), button('Explain on Dataset…', 'explain', 'explain')], { neutral: true });
  card.querySelector('h1')?.setAttribute('data-testid', 'model-file');
  root.append(card);
  if (!gate.enabled) root.append(el('p', { class: 'verdict', role: 'note', 'data-testid': 'restricted' }, gate.reason ?? ''));
  root.append(el('dl', { class: 'facts', 'data-testid': 'facts' }, ...modelFacts(m).flatMap(([k, v]) => [el('dt', {}, k.charAt(0).toUpperCase() + k.slice(1)), el('dd', { 'data-fact': k }, v)])));
  root.append(el('h2', {}, 'Inputs'),
    el('table', { class: 'columns', 'data-testid': 'inputs' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '#'), el('th', { scope: 'col' }, 'input feature'), el('th', { scope: 'col' }, 'type'))),
      el('tbody', {}, ...m.inputs.map((x, j) => el('tr', {}, el('td', { class: 'num' }, String(j)), el('th', { scope: 'row' }, x.name), el('td', {}, x.type))))),
    el('h2', {}, 'Outputs'),
    el('table', { class: 'columns', 'data-testid': 'outputs' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'output'), el('th', { scope: 'col' }, 'meaning'))),
      el('tbody', {}, ...m.outputs.map((o) => el('tr', {}, el('th', { scope: 'row' }, o.name), el('td', {}, o.description))))));
  if (m.importance.length > 0) renderImportance(root, m);
  if (m.params && m.params.length > 0) {
    root.append(el('h2', {}, 'Parameters (stored in the file)'),
      el('table', { class: 'columns', 'data-testid': 'params' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'parameter'), el('th', { scope: 'col' }, 'value'))),
        el('tbody', {}, ...m.params.map(([k, v]) => el('tr', { 'data-param': k }, el('th', { scope: 'row' }, k), el('td', {}, v))))));
  }
}

function renderImportance(root: HTMLElement, m: NonNullable<ModelViewState['summary']>): void {
  const bars = importanceBars(m);
  const hasGain = m.importance.some((x) => x.gain !== null);
  root.append(el('h2', {}, `Importance (total ${hasGain ? 'gain and ' : ''}cover over all splits)`),
    el('table', { class: 'top', 'data-testid': 'importance' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'feature'), el('th', { scope: 'col' }, 'splits'), ...(hasGain ? [el('th', { scope: 'col' }, 'total gain'), el('th', { scope: 'col' }, '')] : []), el('th', { scope: 'col' }, 'total cover'), el('th', { scope: 'col' }, ''))),
      el('tbody', {}, ...m.importance.map((x, i) => {
        const bar = (share: number): HTMLElement => {
          const d = el('div', { class: 'bar' });
          d.style.width = `${Math.round(100 * share)}%`;
          const td = el('td', {}, d);
          td.style.width = '140px';
          return td;
        };
        return el('tr', { 'data-testid': 'importance-row', 'data-feature': x.feature },
          el('th', { scope: 'row' }, x.feature),
          el('td', { class: 'num', 'data-field': 'splits' }, String(x.splits)),
          ...(hasGain ? [el('td', { class: 'num', 'data-field': 'gain' }, f(x.gain)), bar(bars[i]!.gainShare ?? 0)] : []),
          el('td', { class: 'num', 'data-field': 'cover' }, f(x.cover)), bar(bars[i]!.coverShare));
      }))));
}
