/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight: engine queries overlap (DuckDB runs them on
 * its own threads) without opening one connection per column of a 500-column file. Results keep input order;
 * the first rejection rejects the whole call (calls already started still finish).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}
