import { own } from '../../core/dict';
import { InputError } from '../../core/errors';
import { formatBytes } from '../../core/warehouse/costGuard';
import type { EvaluationReport } from '../../core/evaluate/types';
import type { EvaluateOptions } from '../../core/evaluate/runEvaluation';
import { DEFAULT_MAX_SCORES, runSourceEvaluation } from '../../core/evaluate/source/evaluateSource';
import { computedIn, openCliSources, withComputedIn } from '../sourceArgs';
import { checkReferenceOptions, openSourceReference, REFERENCE_HELP } from './evaluateSourceReference';

// Digits grouped by hand: toLocaleString here, run when the CLI loads, started ICU (~30 ms) in every command.
export const EVALUATE_SOURCE_HELP = `Evaluating a table where it lives (--source instead of a file; --where, --config, --yes as below):
  binary --score: every metric, curve, best threshold and interval from GROUP BY (score, label) counts, equal to
  the file path's (the same bootstrap draws for the same --seed); regression (--prediction --task regression):
  mae, rmse, r2, mape from sums and residual quantiles (exact where the engine has exact percentiles), no intervals.
  --max-scores N         refuse above N distinct scores of what comes back (default ${String(DEFAULT_MAX_SCORES).replace(/\B(?=(\d{3})+$)/g, ',')}; ~48 bytes each
                         on the wire): labelled scores, every usable score with a reference, (window, score) pairs over time
  --time-column T --window day|week|month (binary scores): per-window metrics, flags, score drift and CBPE
  (calibrated on the reference, else the first labelled window) from GROUP BY (window, score, label) counts, equal
  to the file path's.
  --prediction p --task multiclass: every multiclass metric, per-class figure, confusion matrix and interval from
  GROUP BY (label, prediction) counts, equal to the file path's.
${REFERENCE_HELP}
  Not with a source (they need rows): --model, --window <N>chunks, --business, 0/1 predictions, a reference or
  windows for regression and multiclass, weak segments. Export the rows to Parquet and evaluate the file for those.`;

/** What --source cannot do, as one clear refusal naming the option and what to do instead. */
function refuseUnsupported(v: Record<string, unknown>): void {
  const why: [string, string][] = [
    ['model', '--model scores every row with the model on this machine, so the rows would have to cross the wire. Score the table where it lives (write the model\'s output to a column) and give --score COLUMN, or export the rows to Parquet and evaluate the file with --model'],
    ['business', '--business is read per window, which a source evaluation does not yet do'],
  ];
  for (const [k, text] of why) if (own(v, k) !== undefined) throw new InputError('UNSUPPORTED_ON_ENGINE', `evaluate --source: ${text}.`, { option: k });
}

/**
 * `model-lens evaluate --source …`: opens the table (undefined when no --source is given), evaluates it with
 * aggregate plans and returns the rendered report with where it ran.
 */
export async function evaluateSourceCli(v: Record<string, unknown>, positionals: readonly string[], o: EvaluateOptions, format: string, render: (r: EvaluationReport) => string, signal: AbortSignal): Promise<{ report: EvaluationReport; text: string } | undefined> {
  checkReferenceOptions(v);
  if (v['source'] === undefined) {
    if (v['max-scores'] !== undefined) throw new InputError('BAD_ARGUMENT', 'evaluate: --max-scores limits a --source evaluation; a file is read whole.');
    return undefined;
  }
  refuseUnsupported(v);
  let maxScores: number | undefined;
  if (v['max-scores'] !== undefined) {
    maxScores = Number(v['max-scores']);
    if (!Number.isSafeInteger(maxScores) || maxScores < 1) throw new InputError('BAD_ARGUMENT', `evaluate: --max-scores must be a whole number ≥ 1, got '${String(v['max-scores'])}'.`);
  }
  const remote = await openCliSources('evaluate', v, positionals, 1, signal);
  if (!remote) return undefined;
  let ref: Awaited<ReturnType<typeof openSourceReference>>;
  try {
    ref = await openSourceReference(v, remote, signal);
    const report = await runSourceEvaluation(remote.executor, remote.datasets[0]!, {
      ...(ref ? { reference: ref.reference } : {}),
      label: o.label, signal,
      ...(o.score !== undefined ? { score: o.score } : {}), ...(o.prediction !== undefined ? { prediction: o.prediction } : {}),
      ...(o.task ? { task: o.task } : {}), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}), ...(o.positive !== undefined ? { positive: o.positive } : {}),
      ...(o.bootstrap !== undefined ? { bootstrap: o.bootstrap } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.level !== undefined ? { level: o.level } : {}),
      ...(maxScores !== undefined ? { maxScores } : {}),
      ...(o.timeColumn !== undefined ? { timeColumn: o.timeColumn } : {}), ...(o.window !== undefined ? { window: o.window } : {}), ...(o.minEffect !== undefined ? { minEffect: o.minEffect } : {}), ...(o.lowConfidenceMargin !== undefined ? { lowConfidenceMargin: o.lowConfidenceMargin } : {}), ...(o.failOn ? { failOn: o.failOn } : {}), ...(o.history ? { history: o.history } : {}),
    });
    let text = withComputedIn(render(report), format, remote);
    const c = computedIn(remote);
    const line = `Computed in ${c.location}: ${c.queries} queries, ${formatBytes(c.bytesReceived)} received (aggregates only).`;
    if (format === 'text') text = `${text.replace(/\n*$/, '')}\n${line}\n`;
    else if (format !== 'json' && format !== 'md') process.stderr.write(`model-lens evaluate: ${line}\n`);
    return { report, text };
  } finally {
    await ref?.close();
    await remote.close();
  }
}
