/** Between two keys of a SortedCounts' text (a record separator, rare in data; DuckDB's string_agg joins with it). */
export const SEPARATOR = '\u001e';

/**
 * Category counts in ascending key order (JavaScript's string order, as `[...keys].sort()`), held as columns:
 * every key in one string (`text`, key i from starts[i] to ends[i]) and the counts in a Float64Array.
 * A read-only Map for every caller (get is a binary search); mergedCounts walks two of them in step without
 * making a string per key. A Map<string, number> of a 40,000-category column costs ~90 bytes a category (its
 * hash table and one string per key, each a slice that keeps DuckDB's whole answer alive); this ~17 bytes plus
 * the key's characters: 8.6M categories of a 1,000 × 100k drift, ~1 GB of heap as Maps.
 */
export class SortedCounts implements ReadonlyMap<string, number> {
  private constructor(
    /** The keys in order, each between starts[i] and ends[i] (what lies between keys does not matter). */
    readonly text: string,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly counts: Float64Array,
  ) {}

  /**
   * Counts from DuckDB's `string_agg(n || ':' || k, SEPARATOR ORDER BY k)` (one ordered aggregate per column: a
   * second one, for the counts alone, doubled the engine memory of the grouped count statements): `size` records
   * of a decimal count, ':' and the key. The text is kept as it is, the keys located in it. Undefined when the
   * records do not split into `size` (a key holds the separator) or a count is not a number. Keys in an order
   * JavaScript disagrees with (DuckDB compares UTF-8 bytes) are sorted.
   */
  static fromPairs(text: string, size: number): SortedCounts | undefined {
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const counts = new Float64Array(size);
    let p = 0;
    for (let i = 0; i < size; i++) {
      let v = 0;
      let digits = 0;
      for (; p < text.length; p++) {
        const c = text.charCodeAt(p);
        if (c < 48 || c > 57) break;
        if (++digits > 15) return undefined;
        v = v * 10 + (c - 48);
      }
      if (digits === 0 || text.charCodeAt(p) !== 58) return undefined;
      counts[i] = v;
      starts[i] = ++p;
      const sep = text.indexOf(SEPARATOR, p);
      if ((sep < 0) !== (i === size - 1)) return undefined; // fewer records than size, or more (a key holding the separator)
      ends[i] = p = sep < 0 ? text.length : sep;
      p++;
    }
    return ordered(new SortedCounts(text, starts, ends, counts));
  }

  /** The entries of any map (or list of entries) in key order; keys are strings, counts as given. */
  static from(entries: Iterable<readonly [string, number]>): SortedCounts {
    const all = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let i = 1; i < all.length; i++) if (all[i - 1]![0] === all[i]![0]) throw new Error(`SortedCounts: key '${all[i]![0]}' twice`);
    const starts = new Int32Array(all.length);
    const ends = new Int32Array(all.length);
    let at = 0;
    all.forEach(([k], i) => {
      starts[i] = at;
      ends[i] = at + k.length;
      at += k.length + 1;
    });
    return new SortedCounts(all.map(([k]) => k).join(SEPARATOR), starts, ends, Float64Array.from(all, ([, n]) => n));
  }

  get size(): number {
    return this.counts.length;
  }

  /** The i-th key (0 ≤ i < size). */
  key(i: number): string {
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  /** Negative, 0 or positive as key i of this sorts before, equal to or after key j of `other` (`<` on strings). */
  compareAt(i: number, other: SortedCounts, j: number): number {
    const [a, b] = [this.text, other.text];
    let p = this.starts[i]!;
    let q = other.starts[j]!;
    const pe = this.ends[i]!;
    const qe = other.ends[j]!;
    for (; p < pe && q < qe; p++, q++) {
      const d = a.charCodeAt(p) - b.charCodeAt(q);
      if (d !== 0) return d;
    }
    return pe - p - (qe - q);
  }

  /** The index of `key`, or −1. */
  indexOf(key: string): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = this.compareWith(mid, key);
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get(key: string): number | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.counts[i];
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  /** Σ counts in key order. */
  total(): number {
    let s = 0;
    for (let i = 0; i < this.counts.length; i++) s += this.counts[i]!;
    return s;
  }

  *entries(): MapIterator<[string, number]> {
    for (let i = 0; i < this.size; i++) yield [this.key(i), this.counts[i]!];
  }

  *keys(): MapIterator<string> {
    for (let i = 0; i < this.size; i++) yield this.key(i);
  }

  *values(): MapIterator<number> {
    for (let i = 0; i < this.size; i++) yield this.counts[i]!;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  forEach(f: (value: number, key: string, map: ReadonlyMap<string, number>) => void, self?: unknown): void {
    for (let i = 0; i < this.size; i++) f.call(self, this.counts[i]!, this.key(i), this);
  }

  private compareWith(i: number, key: string): number {
    const t = this.text;
    let p = this.starts[i]!;
    const pe = this.ends[i]!;
    let q = 0;
    for (; p < pe && q < key.length; p++, q++) {
      const d = t.charCodeAt(p) - key.charCodeAt(q);
      if (d !== 0) return d;
    }
    return pe - p - (key.length - q);
  }
}

/** Σ counts of any category counts (in their order). */
export function totalCount(m: ReadonlyMap<string, number>): number {
  if (m instanceof SortedCounts) return m.total();
  let s = 0;
  for (const n of m.values()) s += n;
  return s;
}

/** `c` itself when its keys ascend strictly, else the same counts sorted. */
function ordered(c: SortedCounts): SortedCounts {
  for (let i = 1; i < c.size; i++) if (!(c.compareAt(i - 1, c, i) < 0)) return SortedCounts.from(c.entries());
  return c;
}
