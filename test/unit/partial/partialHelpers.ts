import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `file` (a CSV) split into files of the given data-row counts (−1: the rest), rows in order, each with the header. */
export function splitCsv(file: string, dir: string, sizes: number[]): string[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  let at = 0;
  return sizes.map((n, k) => {
    const f = join(dir, `part-${k}.csv`);
    writeFileSync(f, [header, ...lines.slice(at, n < 0 ? undefined : at + n)].join('\n') + '\n');
    at += n;
    return f;
  });
}

/**
 * `file` (a CSV with quoted fields) copied to dir/name with the named columns blanked on the rows `blank` picks
 * (0-based data rows) and the given data rows appended again at the end (duplicates).
 */
export function holedCsv(file: string, dir: string, name: string, blank: (row: number) => string[], repeat: number[] = []): string {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = header!.split(',');
  // Fields split on commas outside quotes (the notes column quotes commas).
  const fields = (line: string) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, cols.length).map((f) => f.replace(/,$/, ''));
  const out = lines.map((l, i) => {
    const names = blank(i);
    return names.length ? fields(l).map((v, k) => (names.includes(cols[k]!) ? '' : v)).join(',') : l;
  });
  out.push(...repeat.map((i) => out[i]!));
  const f = join(dir, name);
  writeFileSync(f, [header, ...out].join('\n') + '\n');
  return f;
}

/**
 * Deep equality of two JSON-like values where numbers may differ by `tol` relative (max(1, |a|, |b|) scale) and
 * everything else (keys, their order, texts, nulls, list lengths) must be identical. Fails with the path of the first difference.
 */
export function assertClose(actual: unknown, expected: unknown, tol: number, where: string): void {
  const walk = (a: unknown, e: unknown, path: string): void => {
    if (typeof a === 'number' && typeof e === 'number') {
      if (a === e || (Number.isNaN(a) && Number.isNaN(e))) return;
      assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(a), Math.abs(e)), `${where}: ${path}: ${a} vs ${e}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(e)) {
      assert.equal(a.length, e.length, `${where}: ${path}: length ${a.length} vs ${e.length}`);
      a.forEach((x, i) => walk(x, e[i], `${path}[${i}]`));
      return;
    }
    if (typeof a === 'object' && a !== null && typeof e === 'object' && e !== null && !Array.isArray(a) && !Array.isArray(e)) {
      const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
      const ke = Object.keys(e).filter((k) => (e as Record<string, unknown>)[k] !== undefined);
      assert.deepEqual(ka, ke, `${where}: ${path}: keys`);
      for (const k of ka) walk((a as Record<string, unknown>)[k], (e as Record<string, unknown>)[k], `${path}.${k}`);
      return;
    }
    assert.deepEqual(a, e, `${where}: ${path}`);
  };
  walk(JSON.parse(JSON.stringify(actual)), JSON.parse(JSON.stringify(expected)), '$');
}
