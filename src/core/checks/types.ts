import type { Engine, RunOptions } from '../data/engine';
import type { ModelAccess } from '../models/modelAccess';
import type { ConfigReader, YamlPath } from './configReader';
import type { Verdict } from '../verdict/types';
import type { TableOpener } from './checkTables';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error';

/** One located message of a check: becomes a Problems diagnostic, a SARIF result, a bullet in reports. */
export interface Finding {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Input file the finding belongs to (absolute), when there is one. */
  file?: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** The dataset column it is about: Problems puts it on that column's header cell (CSV/TSV). */
  column?: string;
}

/** The outcome of one configured check. */
export interface CheckOutcome {
  /** Stable id: `<kind>/<name>`, e.g. `drift/loans`. */
  id: string;
  kind: string;
  /** Human title, e.g. "Data drift — loans". */
  title: string;
  status: CheckStatus;
  /** One sentence in plain words, for the executive summary and the tree view. */
  summary: string;
  findings: Finding[];
  /** Input files (absolute); re-running is due when one of them changes. */
  files: string[];
  /** A few headline numbers, e.g. { driftedShare: 0.11 }. */
  metrics: Record<string, number>;
  /** The full report of the underlying analysis (drift, bias, rules… JSON), for panels and JSON output. */
  report?: unknown;
  /** The analysis' verdict (src/core/verdict): `status` and `summary` are its status and headline; panels show it. */
  verdict?: Verdict;
  durationMs: number;
}

/** A model declared in the configuration, described for the report's model-card section. */
export interface ModelCard {
  name: string;
  path: string;
  kind?: string;
  objective?: string;
  features?: number;
  trees?: number;
  /** Text of the model card file beside it (Markdown), when configured or found. */
  card?: string;
  error?: string;
}

export interface ChecksReport {
  config: string;
  startedAt: string;
  durationMs: number;
  status: CheckStatus;
  counts: Record<CheckStatus, number>;
  checks: CheckOutcome[];
  models: ModelCard[];
}

export interface DatasetSpec {
  name: string;
  reference?: string;
  current?: string;
  timeColumn?: string;
  label?: string;
  prediction?: string;
  /** A table of a source declared under `sources:` (e.g. pg:public.loans) instead of files: both sides unless currentSource. */
  source?: string;
  /** The current side's table when it is another table of the same source. */
  currentSource?: string;
  /** Filters in the rules language for the reference and the current side (e.g. day < '2026-11-01'). */
  referenceWhere?: string;
  currentWhere?: string;
}

export interface ModelSpec {
  name: string;
  path: string;
  data?: string;
  label?: string;
  card?: string;
}

/** Shared declarations that check entries refer to by name. */
export interface ConfigContext {
  datasets: ReadonlyMap<string, DatasetSpec>;
  models: ReadonlyMap<string, ModelSpec>;
}

export interface CheckEnv extends RunOptions {
  engine: Engine;
  /** The configuration file's folder: relative paths in findings are shown from here. */
  baseDir: string;
  /**
   * The capability to load models and read model cards. Absent in Restricted Mode: model-scored checks and
   * comparisons end in 'error' (UNTRUSTED_WORKSPACE) and model cards show only the name and path.
   */
  models?: ModelAccess;
  /** Opens a table for checks whose dataset is on a source (`datasets.<name>.source`); absent: those checks end in 'error'. */
  openTable?: TableOpener;
}

/** What a kind's run() returns; the runner adds id, kind, title, files and timing. */
export type CheckResultBody = Pick<CheckOutcome, 'status' | 'summary' | 'findings' | 'metrics'> & { report?: unknown; verdict?: Verdict };

export interface ParsedCheck<S> {
  /** Name used in the id; defaults to the dataset or model name, or the index. */
  name: string;
  title: string;
  files: string[];
  spec: S;
}

/**
 * One kind of check (STYLE.md §3: a registered unit). `parse` reads one entry of `checks.<section>` and
 * reports problems through the reader; `run` computes the outcome. A kind never throws for a failing
 * check — only for bad input (InputError), which the runner turns into status 'error'.
 */
export interface CheckKind<S = unknown> {
  section: string;
  kind: string;
  label: string;
  keys: readonly string[];
  parse(r: ConfigReader, path: YamlPath, ctx: ConfigContext): ParsedCheck<S> | undefined;
  run(spec: S, env: CheckEnv): Promise<CheckResultBody>;
}

/** A check ready to run: a kind and its parsed spec. */
export interface PlannedCheck {
  id: string;
  kind: CheckKind;
  title: string;
  files: string[];
  spec: unknown;
  /** Where the check's entry starts in modellens.yml (1-based): findings without a better place point here. */
  at?: { line: number; col: number };
}
