/** Tiny DOM builder: text always goes through textContent, so data (column names, values) is never parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A small bar chart as inline SVG (no script, theme colours via CSS classes). */
export function sparkBars(counts: readonly number[], label: string, width = 120, height = 24): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'spark');
  const max = Math.max(1, ...counts);
  const w = width / Math.max(1, counts.length);
  counts.forEach((c, i) => {
    const h = c === 0 ? 0 : Math.max(1, (c / max) * height);
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', String(i * w + 0.5));
    r.setAttribute('y', String(height - h));
    r.setAttribute('width', String(Math.max(1, w - 1)));
    r.setAttribute('height', String(h));
    svg.append(r);
  });
  return svg;
}
