import type { ColumnDrift } from '../../src/core/drift/driftReport';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Both distributions of a column in a table cell, as Evidently's table shows them: reference shares as bars,
 * current shares as a line over numeric bins, or as one tick per category over its bar (categories have no order,
 * so no line joins them; the top categories plus "other"). Colours come from the theme through the .mini-dist
 * classes; the table's legend explains them.
 */
export function miniDist(c: ColumnDrift, width = 120, height = 26): SVGSVGElement | Text {
  const d = c.details.distribution;
  if (!d) return document.createTextNode('');
  const other = d.type === 'categories' && (d.otherReference || d.otherCurrent);
  const ref = d.type === 'categories' && other ? [...d.reference, d.otherReference] : d.reference;
  const cur = d.type === 'categories' && other ? [...d.current, d.otherCurrent] : d.current;
  const n = Math.max(1, ref.length);
  const max = Math.max(1e-12, ...ref, ...cur);
  const w = width / n;
  const y = (v: number) => height - 1 - (v / max) * (height - 3);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('class', 'mini-dist');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${c.column}: reference (bars) and current (${d.type === 'categories' ? 'ticks' : 'line'}) distributions${c.drifted ? ', drifted' : ''}`);
  ref.forEach((v, i) => {
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', String(i * w + 0.5));
    r.setAttribute('y', String(y(v)));
    r.setAttribute('width', String(Math.max(1, w - 1)));
    r.setAttribute('height', String(Math.max(0, height - 1 - y(v))));
    r.setAttribute('class', 'ref');
    svg.append(r);
  });
  if (d.type === 'categories') {
    cur.forEach((v, i) => {
      const tick = document.createElementNS(SVG, 'line');
      tick.setAttribute('x1', (i * w + 0.5).toFixed(1));
      tick.setAttribute('x2', (i * w + Math.max(1, w - 1) + 0.5).toFixed(1));
      tick.setAttribute('y1', y(v).toFixed(1));
      tick.setAttribute('y2', y(v).toFixed(1));
      tick.setAttribute('class', 'cur');
      svg.append(tick);
    });
    return svg;
  }
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', cur.map((v, i) => `${(i * w + w / 2).toFixed(1)},${y(v).toFixed(1)}`).join(' '));
  line.setAttribute('class', 'cur');
  svg.append(line);
  return svg;
}
