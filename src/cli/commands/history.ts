import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../../core/checks/config';
import { InputError } from '../../core/errors';
import { checkTrends } from '../../core/history/historyQuery';
import { HISTORY_DIR, readHistory } from '../../core/history/historyStore';
import { historyToHtml, historyToMarkdown, historyToText } from '../../core/history/render/historyText';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { emit } from '../output';

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'Trends of every check over past runs (.modellens/history, written by model-lens check)',
  help: `Usage: model-lens history [--check ID] [--format text|json|md|html] [options]

Every 'model-lens check' and "Run All Checks" appends one line per run to .modellens/history/<machine>.jsonl
beside modellens.yml: per check its status, key figures (e.g. rocAuc, driftedShare), content hashes of the data
and model files, and the git commit. This command reads every *.jsonl file there (copy CI artefacts in to merge
them; the same run read twice counts once) and prints each check's trend.

Options:
  --config F     modellens.yml whose history to read (default: ./${CONFIG_FILE_NAME})
  --dir D        read this history folder instead (e.g. downloaded CI artefacts)
  --check ID     only this check (ids as 'model-lens check' lists them, e.g. evaluation/loans)
  --format text|json|md|html   (default text; html is one self-contained page with a chart per figure)
  --out F        write to F instead of stdout
  -h, --help     show this help

Exit codes: 0 (also when there is no history yet), 2 bad input.`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('history', argv, { config: { type: 'string' }, dir: { type: 'string' }, check: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
    if (positionals.length) throw new InputError('BAD_ARGUMENT', `history: unexpected argument '${positionals[0]}'. Run 'model-lens history --help'.`);
    const format = oneOf('history', 'format', values['format'] as string | undefined, ['text', 'json', 'md', 'html'] as const, 'text');
    const dirOpt = values['dir'] as string | undefined;
    const config = resolve((values['config'] as string | undefined) ?? join(process.cwd(), CONFIG_FILE_NAME));
    if (dirOpt === undefined && values['config'] !== undefined && !existsSync(config)) throw new InputError('FILE_NOT_FOUND', `history: configuration ${config} not found.`);
    const dir = dirOpt !== undefined ? resolve(dirOpt) : join(dirname(config), HISTORY_DIR);
    if (dirOpt !== undefined && !existsSync(dir)) throw new InputError('FILE_NOT_FOUND', `history: folder ${dir} not found.`);
    const read = readHistory(dir);
    const check = values['check'] as string | undefined;
    const trends = checkTrends(read.runs, check);
    if (check !== undefined && trends.length === 0 && read.runs.length > 0) {
      const ids = [...new Set(read.runs.flatMap((r) => r.checks.map((c) => c.id)))];
      throw new InputError('BAD_ARGUMENT', `history: no check '${check}' in the history; checks: ${ids.join(', ')}.`);
    }
    const text = format === 'json' ? JSON.stringify({ folder: dir, runs: read.runs.length, skippedLines: read.skipped.length, checks: trends }, null, 2)
      : format === 'md' ? historyToMarkdown(trends, read.runs.length) : format === 'html' ? historyToHtml(trends, read.runs.length) : historyToText(trends, read.runs.length);
    emit(text, values['out'] as string | undefined, read.files);
    if (read.skipped.length) process.stderr.write(`model-lens history: skipped ${read.skipped.length} line(s) that are not valid runs (e.g. a run killed while writing).\n`);
    return EXIT_OK;
  },
};
