import { readInputFile, statInputFile } from '../../core/io/inputFile';
import { InputError } from '../../core/errors';
import { mergeValidatePartials, parseValidatePartial } from '../../core/partial/validatePartial';
import { rulesToHtml } from '../../core/rules/rulesHtml';
import { rulesToJunit } from '../../core/rules/rulesJunit';
import { rulesToMarkdown } from '../../core/rules/rulesMarkdown';
import type { RulesReport } from '../../core/rules/validate';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, stderrLine } from '../output';
import { dirname, resolve } from 'node:path';
import { mergeDrift, mergeOtherPartials, PARTIAL_ANALYSES } from './mergeAnalyses';

const FORMATS = ['json', 'md', 'html', 'junit'] as const;
/** A partial result holds aggregates: far below this. A larger file is refused before it is read. */
const MAX_PARTIAL_BYTES = 512 * 1024 * 1024;

export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: 'Merge partial results of the parts of a dataset (validate, bias, profile --partial) into one report',
  help: `Usage: model-lens merge <part1.json> <part2.json> … [--format json|md|html|junit] [--out F]

Adds up partial results written with --partial by 'model-lens validate', 'model-lens bias' or 'model-lens profile',
one per file of a partitioned dataset (run them on any scheduler), into the report of the whole dataset.
validate: exactly the report of the parts read as one file in the order given (rule counts summed; each rule's
first violating rows, numbered across the parts); every part must come from the same rules file and --examples.
bias: the audit of the whole dataset (counts exact, sums to 1e-12), in any order; every part must be audited
with the same options. profile: see 'model-lens profile --help' for which figures are exact.

drift: 'model-lens merge --reference r1.json --reference r2.json … --current c1.json …' with profile partials of
each side: the drift report of the reference files against the current files. Exact for every column whose parts
carried their values (at most 10,000 distinct values per part column). A numeric column with more distinct values
in some part is compared from the parts' quantile sketches instead: its figures are estimates, each with a
guaranteed range (the report's 'approximate' fields and notes), and a column whose range straddles its threshold is
'undecided' (exit code 1 when that could change the dataset verdict). --exact refuses such columns instead
(DRIFT_NEEDS_VALUES). --label y and --prediction p report those columns' drift apart from the features, as in
'model-lens drift'.

Options:
  --format FMT       json|md|html (and junit for validate; default: json)
  --exact            drift: refuse columns without value maps instead of estimating them from sketches
  --out F            write the report to F instead of stdout (never an input file)
  -h, --help         show this help

Exit codes: 0 every rule or fairness check passed, 1 one failed, 2 bad input (a file that is not a partial
result, parts that do not belong together).`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('merge', argv, { format: { type: 'string' }, out: { type: 'string' }, reference: { type: 'string', multiple: true }, current: { type: 'string', multiple: true }, label: { type: 'string' }, prediction: { type: 'string' }, exact: { type: 'boolean' } });
    if (values['reference'] !== undefined || values['current'] !== undefined) return mergeDrift(values, positionals, readPartial);
    if (!positionals.length) throw new InputError('BAD_ARGUMENT', "merge: give the partial results to merge, e.g. 'model-lens merge part-1.json part-2.json'.");
    const format = oneOf('merge', 'format', values['format'] as string | undefined, FORMATS, 'json');
    const out = values['out'] as string | undefined;
    checkOutput(out, positionals);
    const docs = positionals.map((f) => readPartial(f));
    const analyses = docs.map(analysisOf);
    const analysis = analyses[0]!;
    analyses.forEach((a, k) => {
      if (a !== analysis) throw new InputError('PARTIAL_MISMATCH', `merge: ${positionals[k]} is a partial result of ${a ?? 'no known analysis'}, ${positionals[0]} of ${analysis ?? 'no known analysis'}; merge the parts of one analysis at a time.`);
    });
    // The data files the parts were computed from are inputs of this report too: --out never replaces one of them
    // (e.g. through a link), wherever the part's path was relative to (the working folder or the part's folder).
    const datasets = docs.map((d) => (typeof (d as { dataset?: unknown }).dataset === 'string' ? (d as { dataset: string }).dataset : ''));
    const inputs = [...positionals, ...datasets.flatMap((d, i) => (d ? [resolve(d), resolve(dirname(positionals[i]!), d)] : []))];
    checkOutput(out, inputs);
    if (analysis !== undefined && analysis !== 'validate' && PARTIAL_ANALYSES.includes(analysis)) {
      if (format === 'junit') throw new InputError('BAD_ARGUMENT', `merge: --format junit is for validate partials; ${analysis} reports are json, md or html.`);
      const merged = await mergeOtherPartials(analysis, docs, positionals, format);
      emit(merged.text, out, inputs);
      for (const line of merged.failures) stderrLine(line);
      return merged.failures.length > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
    }
    const parts = docs.map((doc, i) => parseValidatePartial(doc, positionals[i]!));
    const report = mergeValidatePartials(parts, parts.map((p) => p.dataset));
    emit(render(report, format), out, inputs);
    return report.summary.failed > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
  },
};

function readPartial(f: string): unknown {
  const st = statInputFile(f, 'partial result');
  if (st.size > MAX_PARTIAL_BYTES) throw new InputError('BAD_PARTIAL', `${f}: ${st.size.toLocaleString('en')} bytes, more than the ${MAX_PARTIAL_BYTES.toLocaleString('en')} a partial result (aggregates) takes; this is not a Model Lens partial result.`, { path: f });
  try {
    return JSON.parse(readInputFile(f, 'partial result', "Create it with 'model-lens <analysis> <part> … --partial'.").toString('utf8'));
  } catch (e) {
    if (e instanceof SyntaxError) throw new InputError('BAD_PARTIAL', `${f}: not JSON (${e.message}); create parts with 'model-lens validate|bias|profile <part> … --partial'.`, { path: f });
    throw e;
  }
}

function analysisOf(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const a = Object.hasOwn(doc, 'analysis') ? (doc as { analysis: unknown }).analysis : undefined;
  return typeof a === 'string' ? a : undefined;
}

function render(report: RulesReport, format: (typeof FORMATS)[number]): string {
  switch (format) {
    case 'json': return JSON.stringify(report, null, 2);
    case 'md': return rulesToMarkdown(report);
    case 'html': return rulesToHtml(report);
    case 'junit': return rulesToJunit(report);
  }
}
