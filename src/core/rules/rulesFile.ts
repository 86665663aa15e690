import type { Node } from 'yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { InputError } from '../errors';
import { TOO_DEEP } from '../io/tooDeep';
import type { Rule } from './rule';
import { checkRule } from './rule';

/** A problem located in the rules file (1-based line and column, UTF-16 columns as in VS Code). */
export interface RulesFileProblem {
  code: string;
  message: string;
  line: number;
  column: number;
  ruleId?: string;
  field?: string;
}

/**
 * Maps an offset inside a scalar's decoded value to an offset in the file, by aligning the value with the raw
 * scalar text character by character (handles plain, quoted-with-escapes and block scalars; indentation and
 * escape characters in the raw text are skipped). Falls back to the scalar's start when alignment fails.
 */
function sourceOffset(text: string, node: Node, value: string, offset: number): number {
  const [start, end] = node.range ?? [0, 0];
  let j = start;
  let last = start;
  for (let i = 0; i <= Math.min(offset, value.length - 1); i++) {
    while (j < end && text[j] !== value[i]) j++;
    if (j >= end) return start;
    last = j;
    if (i < offset) j++;
  }
  return offset >= value.length ? Math.min(last + 1 + (offset - value.length), end) : last;
}

/**
 * Reads a rules document — `*.rules.yml`, JSON, or a workspace config with a top-level `rules:` list (a bare
 * list is accepted too) — and returns the valid rules plus every problem with its line and column. Ids must be
 * unique. Expression errors point at the exact character inside the YAML file.
 */
export function checkRulesFile(text: string): { rules: Rule[]; problems: RulesFileProblem[] } {
  const lc = new LineCounter();
  const problems: RulesFileProblem[] = [];
  // A rules file is text: a NUL or other control byte (but tab, LF, CR) is refused at its line and column before
  // YAML reads it, so it can never be accepted inside a name and echoed (issue 17 item 13).
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (control) {
    const before = text.slice(0, control.index);
    const line = before.split('\n').length;
    const column = control.index - before.lastIndexOf('\n');
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
    problems.push({ code: 'RULES_INVALID', message: `control character U+${code}${code === '0000' ? ' (NUL)' : ''} in the rules file; rules files are plain text: remove it`, line, column });
    return { rules: [], problems };
  }
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  const at = (offset: number, p: Omit<RulesFileProblem, 'line' | 'column'>): void => {
    const pos = lc.linePos(offset);
    problems.push({ ...p, line: pos.line, column: pos.col });
  };
  for (const err of doc.errors) {
    const hint = err.message.includes('reserved character') ? "; an expression that starts with ` or @ must be quoted: expr: '`odd name` > 0'" : '';
    const text = err.message.split('\n')[0]!;
    at(err.pos[0], { code: 'RULES_YAML', message: /call stack/i.test(text) ? TOO_DEEP : `YAML syntax error: ${text}${hint}` });
  }
  if (problems.length > 0) return { rules: [], problems };

  let list: Node | null = doc.contents;
  if (isMap(list)) {
    const node = list.get('rules', true) as Node | undefined;
    if (node === undefined) {
      at(list.range?.[0] ?? 0, { code: 'RULES_INVALID', message: "no 'rules:' key; write 'rules:' followed by a list of rules" });
      return { rules: [], problems };
    }
    list = node;
  }
  if (list === null || (isScalar(list) && list.value === null)) return { rules: [], problems };
  if (!isSeq(list)) {
    at(list.range?.[0] ?? 0, { code: 'RULES_INVALID', message: "'rules' must be a list: each item starts with '- id: …'" });
    return { rules: [], problems };
  }

  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  for (const item of list.items as Node[]) {
    const raw: unknown = item.toJSON();
    const { rule, problems: found } = checkRule(raw);
    const ruleId = isMap(item) && typeof item.get('id') === 'string' ? (item.get('id') as string) : undefined;
    for (const p of found) {
      let offset = item.range?.[0] ?? 0;
      if (isMap(item) && p.field !== undefined) {
        const pair = item.items.find((it) => isScalar(it.key) && it.key.value === p.field);
        const target = (p.offset !== undefined ? pair?.value : pair?.key) as Node | undefined;
        if (target?.range) offset = target.range[0];
        if (p.offset !== undefined && isScalar(target) && typeof target.value === 'string') {
          offset = sourceOffset(text, target, target.value, p.offset);
        }
      }
      at(offset, { code: p.code, message: ruleId === undefined ? p.message : `rule '${ruleId}': ${p.message}`, ...(ruleId === undefined ? {} : { ruleId }), ...(p.field === undefined ? {} : { field: p.field }) });
    }
    if (ruleId !== undefined) {
      const prev = seen.get(ruleId);
      if (prev !== undefined) {
        const idNode = isMap(item) ? (item.get('id', true) as Node | undefined) : undefined;
        at(idNode?.range?.[0] ?? item.range?.[0] ?? 0, { code: 'RULES_DUPLICATE_ID', ruleId, field: 'id', message: `rule id '${ruleId}' is used twice (first at line ${prev}); ids must be unique` });
        continue;
      }
      seen.set(ruleId, lc.linePos(item.range?.[0] ?? 0).line);
    }
    if (rule === undefined) continue;
    rules.push(rule);
  }
  return { rules, problems };
}

/** Like checkRulesFile but throws the first problem as an InputError whose details carry all of them. */
export function parseRulesFile(text: string): Rule[] {
  const { rules, problems } = checkRulesFile(text);
  const first = problems[0];
  if (first !== undefined) {
    throw new InputError(first.code, `${first.message} (rules file line ${first.line}, column ${first.column})`, { line: first.line, column: first.column, problems });
  }
  return rules;
}

/**
 * Where a rule's field sits in the rules file: 1-based line and column of the character at `offset` inside the
 * field's expression (or of the field's value when `offset` is undefined). Undefined when the rule or field is
 * not found, e.g. when the rules came from code rather than a file.
 */
export function locateRuleField(text: string, ruleId: string, field: string, offset?: number): { line: number; column: number } | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) return undefined;
  const list = isMap(doc.contents) ? (doc.contents.get('rules', true) as Node | undefined) : doc.contents;
  if (!isSeq(list)) return undefined;
  const item = (list.items as Node[]).find((it) => isMap(it) && it.get('id') === ruleId);
  if (!isMap(item)) return undefined;
  const pair = item.items.find((it) => isScalar(it.key) && it.key.value === field);
  const target = pair?.value as Node | undefined;
  if (!target?.range) return undefined;
  let at = target.range[0];
  if (offset !== undefined && isScalar(target) && typeof target.value === 'string') at = sourceOffset(text, target, target.value, offset);
  const pos = lc.linePos(at);
  return { line: pos.line, column: pos.col };
}
