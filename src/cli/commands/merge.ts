import { readInputFile } from '../../core/io/inputFile';
import { InputError } from '../../core/errors';
import { mergeValidatePartials, parseValidatePartial } from '../../core/partial/validatePartial';
import { rulesToHtml } from '../../core/rules/rulesHtml';
import { rulesToJunit } from '../../core/rules/rulesJunit';
import { rulesToMarkdown } from '../../core/rules/rulesMarkdown';
import type { RulesReport } from '../../core/rules/validate';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit } from '../output';
import { dirname, resolve } from 'node:path';

const FORMATS = ['json', 'md', 'html', 'junit'] as const;

export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: 'Merge partial results of the parts of a dataset (validate --partial) into one report',
  help: `Usage: model-lens merge <part1.json> <part2.json> … [--format json|md|html|junit] [--out F]

Adds up partial results written by 'model-lens validate <part> --rules F --partial', one per file of a
partitioned dataset (run them on any scheduler), into the report of the whole dataset: exactly the report of
the parts read as one file in the order given (rule counts summed; each rule's first violating rows, numbered
across the parts). Every part must come from the same rules file and --examples.

Options:
  --format FMT       json|md|html|junit (default: json)
  --out F            write the report to F instead of stdout (never an input file)
  -h, --help         show this help

Exit codes: 0 every rule passed, 1 a rule failed, 2 bad input (a file that is not a partial result, parts that
do not belong together).`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('merge', argv, { format: { type: 'string' }, out: { type: 'string' } });
    if (!positionals.length) throw new InputError('BAD_ARGUMENT', "merge: give the partial results to merge, e.g. 'model-lens merge part-1.json part-2.json'.");
    const format = oneOf('merge', 'format', values['format'] as string | undefined, FORMATS, 'json');
    checkOutput(values['out'] as string | undefined, positionals);
    const parts = positionals.map((f) => {
      let doc: unknown;
      try {
        doc = JSON.parse(readInputFile(f, 'partial result', "Create it with 'model-lens validate <part> --rules F --partial'.").toString('utf8'));
      } catch (e) {
        if (e instanceof SyntaxError) throw new InputError('BAD_PARTIAL', `${f}: not JSON (${e.message}); create parts with 'model-lens validate <part> --rules F --partial'.`, { path: f });
        throw e;
      }
      return parseValidatePartial(doc, f);
    });
    const report = mergeValidatePartials(parts, parts.map((p) => p.dataset));
    // The data files the parts were computed from are inputs of this report too: --out never replaces one of them
    // (e.g. through a link), wherever the part's path was relative to (the working folder or the part's folder).
    const inputs = [...positionals, ...parts.flatMap((p, i) => [resolve(p.dataset), resolve(dirname(positionals[i]!), p.dataset)])];
    checkOutput(values['out'] as string | undefined, inputs);
    emit(render(report, format), values['out'] as string | undefined, inputs);
    return report.summary.failed > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
  },
};

function render(report: RulesReport, format: (typeof FORMATS)[number]): string {
  switch (format) {
    case 'json': return JSON.stringify(report, null, 2);
    case 'md': return rulesToMarkdown(report);
    case 'html': return rulesToHtml(report);
    case 'junit': return rulesToJunit(report);
  }
}
