// Generated rules and rows shared by the many-rules tests.
import type { Row } from '../../../src/core/rules/evaluate';

/** `n` distinct rules over columns x (number, some nulls), q (integer), cat (string, some nulls), half with a `when`. */
export function generatedRules(n: number): string {
  const shapes = [
    (k: number) => `    expr: x >= ${k % 37}`,
    (k: number) => `    expr: x <= ${k % 11} * q\n    when: cat != "c${k % 3}"`,
    (k: number) => `    expr: cat in ["c0", "c1", "c${k % 5}"]`,
    (k: number) => `    expr: cat not in ["c${k % 4}"]\n    when: q between ${k % 4} and ${4 + (k % 9)}`,
    (k: number) => `    expr: q in [1, 2, ${k % 13}] or x is null`,
    (k: number) => `    expr: round(x * q, 1) < ${50 + k}\n    when: x > ${k % 29}`,
  ];
  const out = ['rules:'];
  for (let i = 0; i < n; i++) out.push(`  - id: r${i}`, shapes[i % shapes.length]!(Math.floor(i / shapes.length) + i));
  return `${out.join('\n')}\n`;
}

/** Deterministic rows: x = (i·7) mod 53 (null every 17th row), q = i mod 9, cat = c(i mod 6) (null every 23rd row). */
export function generatedRows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({ x: i % 17 === 5 ? null : (i * 7) % 53, q: i % 9, cat: i % 23 === 3 ? null : `c${i % 6}` }));
}
