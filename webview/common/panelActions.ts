import { el } from './dom';
import type { PanelCommand } from './reportApp';

/** A report panel's action bar: Refresh, Share… (when the panel has a share page) and the three exports, each sending its command to the host. */
export function panelActions(send: (m: PanelCommand) => void, o: { share?: boolean } = {}): HTMLElement {
  const btn = (label: string, m: PanelCommand, testid: string) => {
    const b = el('button', { 'data-testid': testid }, label);
    b.addEventListener('click', () => send(m));
    return b;
  };
  const share = o.share ? [btn('Share…', 'share', 'share')] : [];
  return el('div', { class: 'actions' }, btn('Refresh', 'refresh', 'refresh'), ...share, btn('Export Markdown', 'md', 'export-md'), btn('Export HTML', 'html', 'export-html'), btn('Export JSON', 'json', 'export-json'));
}
