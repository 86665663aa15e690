import type { Dataset } from '../data/dataset';
import { Engine } from '../data/engine';
import { DuckDbExecutor } from './duckdbExecutor';
import type { PlanExecutor } from './executor';
import type { Source } from './plan';

const executors = new WeakMap<Engine, DuckDbExecutor>();

/** The executor of an analysis' first argument: the given executor, or the embedded engine's (one per Engine). */
export function asExecutor(e: Engine | PlanExecutor): PlanExecutor {
  if (!(e instanceof Engine)) return e;
  let x = executors.get(e);
  if (!x) {
    x = new DuckDbExecutor(e);
    executors.set(e, x);
  }
  return x;
}

/**
 * The plan source of a dataset: its own `source` (a warehouse table opened by a PlanExecutor) or the embedded
 * engine's relation.
 */
export function sourceOf(ds: Pick<Dataset, 'relation' | 'source'>): Source {
  return ds.source ?? { kind: 'relation', relation: ds.relation };
}
