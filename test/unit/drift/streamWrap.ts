import type { Engine } from '../../../src/core/data/engine';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import { asExecutor } from '../../../src/core/plan/target';

type Stream = NonNullable<PlanExecutor['fast']['streamDoubles']>;

/** The engine's executor with its streamed pass (fast.streamDoubles) replaced by `wrap(the real one)`. */
export function withStream(engine: Engine, wrap: (stream: Stream) => Stream): DuckDbExecutor {
  const x = asExecutor(engine) as DuckDbExecutor;
  return Object.assign(Object.create(DuckDbExecutor.prototype) as DuckDbExecutor, x, { fast: { streamDoubles: wrap(x.fast.streamDoubles!) } });
}

/** The engine's executor, counting its streamed passes. */
export function countingStreams(engine: Engine): { exec: DuckDbExecutor; passes: () => number } {
  let n = 0;
  const exec = withStream(engine, (stream) => (...args) => {
    n++;
    return stream(...args);
  });
  return { exec, passes: () => n };
}
