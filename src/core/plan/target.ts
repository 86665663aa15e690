import type { Dataset } from '../data/dataset';
import { Engine } from '../data/engine';
import { DuckDbExecutor } from './duckdbExecutor';
import type { PlanExecutor } from './executor';
import { and, type Expr } from './expr';
import type { Source } from './plan';
import { renderSource } from './render';
import { InputError } from '../errors';

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

/** A plan source; a string is a relation of the embedded engine (engine-owned text such as "ml_ds_1" or a subquery it built). */
export function toSource(s: Source | string): Source {
  return typeof s === 'string' ? { kind: 'relation', relation: s } : s;
}

/**
 * The FROM text of a source for work only the embedded engine does (streaming every value of a column, row
 * numbers over a whole table): executors with the `embedded` capability. Others get InputError
 * 'UNSUPPORTED_ON_ENGINE' naming the step.
 */
export function duckdbFrom(exec: PlanExecutor, source: Source | string, what: string): { engine: Engine; from: string } {
  const embedded = exec.capabilities?.embedded;
  if (embedded) return { engine: embedded.db, from: renderSource(toSource(source), embedded.dialect) };
  throw new InputError('UNSUPPORTED_ON_ENGINE', `${what} runs only in the embedded engine, not in ${exec.engine.label}. Use the default drift tests, or export the data to a file.`, { engine: exec.engine.name });
}

/** The source with one more filter (ANDed with its own). */
export function withFilter(source: Source, where: Expr): Source {
  return { ...source, where: source.where ? and(source.where, where) : where };
}
