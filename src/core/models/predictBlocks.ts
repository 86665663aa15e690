import type { Engine, RunOptions } from '../data/engine';
import { readNumericRows, type NumericBlock } from '../data/readColumns';
import { featureExprs } from './featureSql';
import type { FeatureMatrix, Model } from './types';

/** A block of dataset rows with the model's margins, n × numGroups. */
export interface ScoredBlock extends NumericBlock {
  margin: Float64Array;
}

/**
 * Streams `columns` of `from` through the model block by block (readNumericRows, `blockRows` rows each)
 * and hands each block with its margins to `onScored`, in file order and one at a time. While a block is
 * scored — on worker threads when the model has predictMarginAsync — the previous one is handed over and
 * the next one read, so reading, scoring and writing overlap; at most two blocks wait at any time.
 * Returns the number of rows. Rejects with the first error of reading, scoring or `onScored`.
 */
export async function predictBlocks(
  engine: Engine,
  from: string,
  columns: readonly string[],
  model: Model,
  blockRows: number,
  onScored: (block: ScoredBlock) => void | Promise<void>,
  options: RunOptions = {},
): Promise<number> {
  const score = (X: FeatureMatrix, n: number): Promise<Float64Array> => (model.predictMarginAsync ? model.predictMarginAsync(X, n, { signal: options.signal }) : Promise.resolve().then(() => model.predictMargin(X, n)));
  // `tail` settles when every block so far has been handed over; each block chains onto it.
  let tail: Promise<void> = Promise.resolve();
  try {
    const rows = await readNumericRows(engine, from, columns, blockRows, async (block) => {
      const margin = score(block.X, block.n);
      const previous = tail;
      tail = previous.then(async () => onScored({ ...block, margin: await margin }));
      // An error surfaces through `tail`; this only keeps a rejection that nobody awaits yet from being "unhandled".
      margin.catch(() => undefined);
      tail.catch(() => undefined);
      await previous;
    }, { ...options, shared: model.predictMarginAsync !== undefined, exprs: featureExprs(model, columns), float64: model.float64Inputs });
    await tail;
    return rows;
  } finally {
    // On an error, let blocks in flight settle before the caller cleans up (closes its output, drops tables).
    await tail.catch(() => undefined);
  }
}
