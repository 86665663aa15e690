import { isAbsolute, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from '../errors';
import { explainStackOverflow } from '../io/tooDeep';

/** A problem in modellens.yml, located by its YAML path and 1-based line/column. */
export interface ConfigProblem {
  path: string;
  line: number;
  column: number;
  message: string;
}

export type YamlPath = readonly (string | number)[];

/**
 * Typed reads from a parsed YAML document with every problem located: `checks.fairness[0].label` at line 12,
 * column 7. Readers collect problems instead of throwing, so one run reports every mistake in the file.
 */
export class ConfigReader {
  readonly problems: ConfigProblem[] = [];
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    text: string,
    readonly fileName: string,
    readonly baseDir: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const e of this.doc.errors) {
      const pos = this.lines.linePos(e.pos[0]);
      this.problems.push({ path: '', line: pos.line, column: pos.col, message: explainStackOverflow(e.message.split('\n')[0]!) });
    }
  }

  /** The plain JS value at `path` (undefined when absent). */
  value(path: YamlPath): unknown {
    const node = this.doc.getIn(path, true) as Node | undefined;
    if (node === undefined || node === null) return undefined;
    return isScalar(node) ? node.value : (node as { toJSON(): unknown }).toJSON();
  }

  has(path: YamlPath): boolean {
    return this.doc.hasIn(path);
  }

  /** Keys of the mapping at `path`, in file order (empty when absent or not a mapping). */
  keys(path: YamlPath): string[] {
    const node = path.length ? this.doc.getIn(path, true) : this.doc.contents;
    if (!isMap(node)) return [];
    return node.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key));
  }

  /** Length of the sequence at `path` (0 when absent or not a sequence). */
  length(path: YamlPath): number {
    const node = this.doc.getIn(path, true);
    return isSeq(node) ? node.items.length : 0;
  }

  kindOf(path: YamlPath): 'map' | 'seq' | 'scalar' | 'absent' {
    const node = path.length ? this.doc.getIn(path, true) : this.doc.contents;
    if (node === undefined || node === null) return 'absent';
    if (isMap(node)) return 'map';
    if (isSeq(node)) return 'seq';
    return isScalar(node) && node.value === null ? 'absent' : 'scalar';
  }

  problem(path: YamlPath, message: string): void {
    const pos = this.position(path);
    this.problems.push({ path: formatPath(path), line: pos.line, column: pos.col, message });
  }

  /** Line/column of the node at `path`, or of its nearest existing parent. */
  position(path: YamlPath): { line: number; col: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = (n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true)) as Node | null | undefined;
      if (node && node.range) return this.lines.linePos(node.range[0]);
    }
    return { line: 1, col: 1 };
  }

  /** Flags keys of the mapping at `path` that are not in `allowed` (typos like `lable:`). */
  onlyKeys(path: YamlPath, allowed: readonly string[]): void {
    const node = path.length ? this.doc.getIn(path, true) : this.doc.contents;
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const k = String(isScalar(pair.key) ? pair.key.value : pair.key);
      if (allowed.includes(k)) continue;
      const near = allowed.find((a) => editDistance(a, k) <= 2);
      // Located at the key itself, where the typo is.
      const at = isScalar(pair.key) && pair.key.range ? this.lines.linePos(pair.key.range[0]) : this.position([...path, k]);
      this.problems.push({ path: formatPath([...path, k]), line: at.line, column: at.col, message: `unknown key '${k}'; ${near ? `did you mean '${near}'?` : `allowed here: ${allowed.join(', ')}.`}` });
    }
  }

  str(path: YamlPath, required: true): string;
  str(path: YamlPath, required?: false): string | undefined;
  str(path: YamlPath, required = false): string | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) {
      if (required) this.problem(path, `'${String(path.at(-1))}' is required.`);
      return required ? '' : undefined;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string' || v.trim() === '') {
      this.problem(path, `'${String(path.at(-1))}' must be a non-empty text value.`);
      return required ? '' : undefined;
    }
    return v;
  }

  num(path: YamlPath, range: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    const ok = typeof v === 'number' && Number.isFinite(v) && (!range.integer || Number.isInteger(v)) && (range.min === undefined || v >= range.min) && (range.max === undefined || v <= range.max);
    if (!ok) {
      const want = `${range.integer ? 'a whole number' : 'a number'}${range.min !== undefined ? ` ≥ ${range.min}` : ''}${range.max !== undefined ? ` and ≤ ${range.max}` : ''}`;
      this.problem(path, `'${String(path.at(-1))}' must be ${want}; got ${JSON.stringify(v)}.`);
      return undefined;
    }
    return v as number;
  }

  bool(path: YamlPath): boolean | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.problem(path, `'${String(path.at(-1))}' must be true or false; got ${JSON.stringify(v)}.`);
      return undefined;
    }
    return v;
  }

  /** A list of text values; a single text value is accepted as a one-item list. */
  strList(path: YamlPath): string[] | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' && x.trim() !== '')) {
      this.problem(path, `'${String(path.at(-1))}' must be a list of text values, e.g. [a, b].`);
      return undefined;
    }
    return list as string[];
  }

  /** A mapping of text keys to numbers (e.g. per-column thresholds). */
  numMap(path: YamlPath): Record<string, number> | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'number' && Number.isFinite(x))) {
      this.problem(path, `'${String(path.at(-1))}' must map names to numbers, e.g. {income: 0.05}.`);
      return undefined;
    }
    return v as Record<string, number>;
  }

  /** A mapping of text keys to text values (e.g. per-column test ids). */
  strMap(path: YamlPath): Record<string, string> | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
      this.problem(path, `'${String(path.at(-1))}' must map names to text values, e.g. {income: ks}.`);
      return undefined;
    }
    return v as Record<string, string>;
  }

  /** A path in the config, resolved against the config's folder. */
  file(path: YamlPath, required: true): string;
  file(path: YamlPath, required?: false): string | undefined;
  file(path: YamlPath, required = false): string | undefined {
    const v = required ? this.str(path, true) : this.str(path);
    if (v === undefined || v === '') return undefined;
    return isAbsolute(v) ? v : join(this.baseDir, v);
  }

  /** Throws one InputError listing every problem (config errors exit with 2). */
  throwIfProblems(): void {
    if (!this.problems.length) return;
    const shown = this.problems.slice(0, 10).map((p) => `${this.fileName}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
    const more = this.problems.length > shown.length ? `\n… and ${this.problems.length - shown.length} more` : '';
    throw new InputError('CONFIG_INVALID', `${shown.join('\n')}${more}`, { file: this.fileName, problems: this.problems });
  }
}

export function formatPath(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length]![b.length]!;
}
