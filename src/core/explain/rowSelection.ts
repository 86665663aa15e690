import { InputError } from '../errors';

/**
 * Parses a row selection such as `0-99,150` (0-based dataset rows; ranges inclusive) or `all` into sorted,
 * distinct row indices, all < `rows`. The default selection is `0-99` (capped to the dataset).
 *
 * @throws InputError BAD_ARGUMENT — malformed part, reversed range, or a row at or beyond `rows`.
 */
export function parseRowSelection(spec: string | undefined, rows: number): number[] {
  if (spec === undefined) return Array.from({ length: Math.min(100, rows) }, (_, i) => i);
  if (spec.trim() === 'all') return Array.from({ length: rows }, (_, i) => i);
  const picked = new Set<number>();
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) throw new InputError('BAD_ARGUMENT', `--rows: '${part}' is not a row or range; use 0-based rows like 0-99,150 or 'all'.`, { spec });
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new InputError('BAD_ARGUMENT', `--rows: range '${part}' is reversed; write it as ${b}-${a}.`, { spec });
    if (b >= rows) throw new InputError('BAD_ARGUMENT', `--rows: row ${b} is out of range; the dataset has ${rows} rows (0-${rows - 1}).`, { spec, rows });
    for (let r = a; r <= b; r++) picked.add(r);
  }
  return [...picked].sort((x, y) => x - y);
}
