/** The engine-neutral aggregate-plan layer (docs/plan-layer.md). */
export * from './expr';
export * from './plan';
export type { DialectCapabilities, SqlDialect } from './dialect';
export { AnsiDialect } from './ansiDialect';
export { DuckDbDialect, duckdbDialect } from './duckdbDialect';
export type { DoubleColumnBatch, EmbeddedEngine, EngineInfo, ExecutorCapabilities, ExecutorFastPaths, PlanExecutor } from './executor';
export { DuckDbExecutor } from './duckdbExecutor';
export { renderAggregate, renderExpr, renderPlan, renderSource } from './render';
export { parseFilter } from './parseFilter';
export { asExecutor, duckdbFrom, sourceOf, toSource, withFilter } from './target';
