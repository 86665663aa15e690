import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors';
import type { Rule } from './rule';
import { checkRulesFile } from './rulesFile';

/** Reads and checks the rules file; any problem becomes one InputError reading `file:line:column: message`. */
export function readRulesFile(path: string): { rules: Rule[]; text: string } {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InputError('FILE_NOT_FOUND', `rules file ${path} not found. Pass an existing YAML or JSON rules file (--rules F, or 'rules:' in modellens.yml).`, { path });
  }
  const text = readFileSync(path, 'utf8');
  const { rules, problems } = checkRulesFile(text);
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

