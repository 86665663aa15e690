import { readInputFile } from '../io/inputFile';
import { isStackOverflow, TOO_DEEP } from '../io/tooDeep';
import { InputError } from '../errors';
import type { Rule } from './rule';
import { checkRulesFile } from './rulesFile';

/** Reads and checks the rules file; any problem becomes one InputError reading `file:line:column: message`. */
export function readRulesFile(path: string): { rules: Rule[]; text: string } {
  const text = readInputFile(path, 'rules file', "Pass an existing YAML or JSON rules file (--rules F, or 'rules:' in modellens.yml).").toString('utf8');
  let checked: ReturnType<typeof checkRulesFile>;
  try {
    checked = checkRulesFile(text);
  } catch (e) {
    if (isStackOverflow(e)) throw new InputError('TOO_DEEP', `${path}: ${TOO_DEEP}.`, { path });
    throw e;
  }
  const { rules, problems } = checked;
  const first = problems[0];
  if (first !== undefined) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''} in the file)` : '';
    // The file position replaces the expression-relative '(line, column)' and caret snippet of expression errors.
    const message = first.message.replace(/ \(line \d+, column \d+\)[\s\S]*$/, '');
    throw new InputError(first.code, `${path}:${first.line}:${first.column}: ${message}${more}`, { path, problems });
  }
  if (rules.length === 0) throw new InputError('RULES_EMPTY', `${path}: the file has no rules; add a 'rules:' list with items like '- id: non-negative-price' and 'expr: predicted_price >= 0'.`, { path });
  return { rules, text };
}

