import { mulberry32 } from '../../../src/core/random';

/** Whether keys ascend strictly in JavaScript's string order. */
export const ascending = (keys: readonly string[]): boolean => keys.every((k, i) => i === 0 || keys[i - 1]! < k);

/** The same entries in a seeded random order. */
export function shuffled(m: ReadonlyMap<string, number>, seed: number): Map<string, number> {
  const e = [...m];
  const random = mulberry32(seed);
  for (let i = e.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [e[i], e[j]] = [e[j]!, e[i]!];
  }
  return new Map(e);
}
