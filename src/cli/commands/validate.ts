import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { InputError } from '../../core/errors';
import { csvLinesOfRows } from '../../core/rules/csvLines';
import { readRulesFile } from '../../core/rules/readRulesFile';
import { rulesToHtml } from '../../core/rules/rulesHtml';
import { rulesToJunit } from '../../core/rules/rulesJunit';
import { rulesToMarkdown } from '../../core/rules/rulesMarkdown';
import { rulesToSarif, sarifArtifactUri } from '../../core/rules/rulesSarif';
import type { RulesReport } from '../../core/rules/validate';
import { validateDataset } from '../../core/rules/validateDataset';
import { withPredictions } from '../../core/rules/withPredictions';
import { grantModelAccess } from '../../core/models/modelAccess';
import type { Dataset } from '../../core/data/dataset';
import { oneOf, parseCommandArgs } from '../args';
import { openCliSources, SOURCE_HELP, SOURCE_OPTIONS, withComputedIn } from '../sourceArgs';
import { validatePlans } from '../../core/rules/rulesPlan';
import { validatePartial } from '../../core/partial/validatePartial';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, progressReporter } from '../output';

const FORMATS = ['json', 'md', 'html', 'junit', 'sarif'] as const;

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check business rules (e.g. predicted_price >= 0) against every row of a dataset',
  help: `Usage: model-lens validate <dataset> --rules F [--model M] [--format json|md|html|junit|sarif] [--out F]

Check the rules of a rules file (YAML or JSON, see schemas/rules.schema.json) against every row of a CSV, TSV,
Parquet, JSON Lines or Arrow file. Rules run inside the embedded DuckDB engine as SQL.

Options:
  --rules F          rules file (required), e.g. pricing.rules.yml
  --format FMT       json|md|html|junit|sarif (default: json)
  --out F            write the report to F instead of stdout (never an input file)
  --examples N       violating rows listed per rule (default: 5, 0 to 1000)
  --model M          score the dataset with model M (XGBoost, LightGBM, ONNX, scikit-learn .pkl/.joblib) first and check its output as a column
  --partial          write a partial result of this file (rule counts and its first violating rows, JSON) that
                     'model-lens merge' adds up with the other parts' into the report of all of them
  --prediction-column NAME
                     the name rules use for the model's output with --model (default: prediction)
  -h, --help         show this help

Row numbers in examples count data rows from 1, header excluded.
${SOURCE_HELP}
  On a table, examples are the most frequent violating value combinations, each with its number of
  violating rows (a table has no row numbers).

Exit codes: 0 every rule passed, 1 a rule failed, 2 bad input or a bad rules file (one-line error on stderr).`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('validate', argv, {
      rules: { type: 'string' },
      model: { type: 'string' },
      'prediction-column': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      examples: { type: 'string' },
      partial: { type: 'boolean' },
      ...SOURCE_OPTIONS,
    });
    const partial = values['partial'] === true;
    if (partial && (((values['source'] as string[] | undefined) ?? []).length > 0 || (values['format'] !== undefined && values['format'] !== 'json'))) {
      throw new InputError('BAD_ARGUMENT', "validate: --partial writes a JSON partial result of one file (merge the parts with 'model-lens merge'); it takes no --source and no --format.");
    }
    const fromSource = ((values['source'] as string[] | undefined) ?? []).length > 0;
    if (fromSource && values['model'] !== undefined) throw new InputError('BAD_ARGUMENT', 'validate: --model scores rows on this machine, so it takes a file, not --source; write predictions to the table first.');
    if (!fromSource && positionals.length !== 1) throw new InputError('BAD_ARGUMENT', `expected exactly one dataset file, got ${positionals.length}. Run 'model-lens validate --help'.`);
    const format = oneOf('validate', 'format', values['format'] as string | undefined, FORMATS, 'json');
    const maxExamples = examplesOption(values['examples'] as string | undefined);
    const modelPath = values['model'] as string | undefined;
    const predictionColumn = (values['prediction-column'] as string | undefined) ?? 'prediction';
    if (values['prediction-column'] !== undefined && modelPath === undefined) throw new InputError('BAD_ARGUMENT', '--prediction-column only applies with --model M.');
    const model = modelPath === undefined ? undefined : grantModelAccess().read(modelPath);
    const rulesPath = values['rules'] as string | undefined;
    if (rulesPath === undefined) throw new InputError('BAD_ARGUMENT', `--rules F is required, e.g. 'model-lens validate data.csv --rules pricing.rules.yml'.`);
    const { rules, text } = readRulesFile(rulesPath);
    const text0 = text;
    const remote = await openCliSources('validate', values, positionals, 1, signal);
    if (remote) {
      try {
        const ds = remote.datasets[0]!;
        const report = await validatePlans(remote.executor, ds, rules, { signal, maxExamples });
        emit(withComputedIn(render(report, format, ds), format, remote), values['out'] as string | undefined, [rulesPath]);
        return report.summary.failed > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
      } finally {
        await remote.close();
      }
    }
    const file = positionals[0]!;
    checkOutput(values['out'] as string | undefined, [file, rulesPath, ...(modelPath ? [modelPath] : [])]);
    const engine = await Engine.create();
    try {
      const onProgress = progressReporter(`validating ${file}`);
      const loaded = await loadDataset(engine, file, { signal, onProgress: onProgress && ((f) => onProgress(0.5 * f)) });
      const ds = model ? await withPredictions(engine, loaded, model, predictionColumn, { signal }) : loaded;
      const report = await validateDataset(engine, ds, rules, { signal, maxExamples, label: file, rulesSource: { path: rulesPath, text }, onProgress: onProgress && ((f) => onProgress(0.5 + 0.5 * f)) });
      onProgress?.(1);
      const output = partial ? `${JSON.stringify(validatePartial(report, ds.rows, text0, maxExamples), null, 2)}\n` : render(report, format, ds);
      emit(output, values['out'] as string | undefined, [file, rulesPath, ...(modelPath ? [modelPath] : [])]);
      if (partial) return EXIT_OK;
      return report.summary.failed > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
    } finally {
      engine.close();
    }
  },
};

function examplesOption(v: string | undefined): number {
  if (v === undefined) return 5;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new InputError('BAD_ARGUMENT', `--examples must be a whole number from 0 to 1000 (got '${v}').`);
  return n;
}

function render(report: RulesReport, format: (typeof FORMATS)[number], ds: Dataset): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2);
    case 'md':
      return rulesToMarkdown(report);
    case 'html':
      return rulesToHtml(report);
    case 'junit':
      return rulesToJunit(report);
    case 'sarif': {
      const firsts = report.rules.flatMap((r) => (r.status === 'fail' && r.examples[0]?.row !== undefined ? [[r.id, r.examples[0].row] as const] : []));
      const delimited = (ds.format === 'csv' || ds.format === 'tsv') && !ds.compression;
      const lines = delimited ? csvLinesOfRows(ds.path, firsts.map(([, row]) => row)) : new Map<number, number>();
      const firstLines = new Map(firsts.flatMap(([id, row]) => (lines.has(row) ? [[id, lines.get(row)!] as const] : [])));
      return rulesToSarif(report, { artifactUri: sarifArtifactUri(ds.path, process.cwd()), firstLines });
    }
  }
}
