import type { DataIssue } from '../data/dataset';
import type { LogSketch } from '../health/sketch';
import { MAX_ROW_HASHES, MAX_TOP, MAX_VALUE_MAP, type ColumnPartial, type ProfilePartial } from './profilePartial';
import { partialReader, type PartialReader } from './partialReader';
import { MAX_FINE_BUCKETS } from './fineSketch';

const HASH = /^[0-9]{1,20}$/;

/**
 * Reads a partial profile's JSON, checking every field the merge uses (a partial is input: it may be hand-edited or
 * hostile): whole counts within the part's rows, list sizes within what a part writes, hashes as decimal 64-bit text.
 * Only known fields are copied. Throws InputError BAD_PARTIAL naming the file and field.
 */
export function parseProfilePartial(doc: unknown, name: string): ProfilePartial {
  const r = partialReader(name, 'profile', 'model-lens profile <part> --partial');
  const o = r.object(doc, 'the file');
  r.header(o);
  const rows = r.count(o['rows'], 'rows');
  const upTo = (v: unknown, at: string) => r.count(v, at, rows);
  const hash = (v: unknown, at: string): string => (typeof v === 'string' && HASH.test(v) && BigInt(v) < 2n ** 64n ? v : r.bad(`${at} is not a 64-bit hash`));
  const pairs = (v: unknown, at: string, max: number): [string, number][] => r.list(v, at, max).map((x, i) => {
    const p = r.list(x, `${at}[${i}]`, 2);
    return [r.text(p[0], `${at}[${i}][0]`), upTo(p[1], `${at}[${i}][1]`)];
  });
  const optNum = (v: unknown, at: string): number | null => (v === null ? null : r.number(v, at));
  const optText = (v: unknown, at: string): string | null => (v === null ? null : r.text(v, at));
  const issues = r.list(o['issues'], 'issues', 1000).map((x, i): DataIssue => {
    const s = r.object(x, `issues[${i}]`);
    const sev = s['severity'];
    if (sev !== 'error' && sev !== 'warning' && sev !== 'info') r.bad(`issues[${i}].severity is not error, warning or info`);
    return { code: r.text(s['code'], `issues[${i}].code`), severity: sev as DataIssue['severity'], message: r.text(s['message'], `issues[${i}].message`), ...(typeof s['column'] === 'string' ? { column: s['column'] } : {}) } as DataIssue;
  });
  const columns = r.list(o['columns'], 'columns', 100_000).map((x, i) => column(r, x, `columns[${i}]`, rows));
  return {
    modelLensPartial: 1, analysis: 'profile', dataset: r.text(o['dataset'], 'dataset'), format: r.text(o['format'], 'format'), delimiter: optText(o['delimiter'], 'delimiter'),
    rows, bins: r.count(o['bins'], 'bins', 1000), top: r.count(o['top'], 'top', 1000),
    rowHashes: o['rowHashes'] === null ? null : r.list(o['rowHashes'], 'rowHashes', Math.min(rows, MAX_ROW_HASHES)).map((h, i) => hash(h, `rowHashes[${i}]`)),
    rowSample: r.list(o['rowSample'], 'rowSample', rows).map((x, i) => {
      const p = r.list(x, `rowSample[${i}]`, 2);
      return [hash(p[0], `rowSample[${i}][0]`), upTo(p[1], `rowSample[${i}][1]`)];
    }),
    issues, columns,
  };

  function column(rd: PartialReader, x: unknown, at: string, n: number): ColumnPartial {
    const c = rd.object(x, at);
    const nonNull = upTo(c['nonNull'], `${at}.nonNull`);
    const out: ColumnPartial = {
      name: rd.text(c['name'], `${at}.name`), type: rd.text(c['type'], `${at}.type`), nonNull, values: null,
      sample: rd.list(c['sample'], `${at}.sample`, n).map((h, i) => hash(h, `${at}.sample[${i}]`)),
    };
    if (c['values'] !== null) {
      out.values = rd.list(c['values'], `${at}.values`, MAX_VALUE_MAP).map((v, i) => {
        const p = rd.list(v, `${at}.values[${i}]`, 3);
        const t = rd.text(p[0], `${at}.values[${i}][0]`);
        const k = upTo(p[1], `${at}.values[${i}][1]`);
        return p.length === 3 ? [t, k, rd.number(p[2], `${at}.values[${i}][2]`)] : [t, k];
      });
    }
    if (c['top'] !== undefined) out.top = pairs(c['top'], `${at}.top`, MAX_TOP);
    if (c['num'] !== undefined) {
      const m = rd.object(c['num'], `${at}.num`);
      const sk = rd.object(m['sketch'], `${at}.num.sketch`);
      const buckets = (v: unknown, b: string): [number, number][] => rd.list(v, b, MAX_FINE_BUCKETS).map((y, i) => {
        const p = rd.list(y, `${b}[${i}]`, 2);
        const idx = rd.number(p[0], `${b}[${i}][0]`);
        if (!Number.isSafeInteger(idx)) rd.bad(`${b}[${i}][0] is not a bucket index`);
        return [idx, upTo(p[1], `${b}[${i}][1]`)];
      });
      const logSketch = (o2: Record<string, unknown>, b: string): LogSketch => ({ zero: upTo(o2['zero'], `${b}.zero`), positive: buckets(o2['positive'], `${b}.positive`), negative: buckets(o2['negative'], `${b}.negative`) });
      const sketch = logSketch(sk, `${at}.num.sketch`);
      out.num = {
        finite: upTo(m['finite'], `${at}.num.finite`), min: optNum(m['min'], `${at}.num.min`), max: optNum(m['max'], `${at}.num.max`),
        sum: rd.number(m['sum'], `${at}.num.sum`), m2: rd.number(m['m2'], `${at}.num.m2`), nonFinite: pairs(m['nonFinite'], `${at}.num.nonFinite`, 3), sketch,
      };
      if (m['fine'] !== undefined) out.num.fine = logSketch(rd.object(m['fine'], `${at}.num.fine`), `${at}.num.fine`);
    }
    if (c['text'] !== undefined) {
      const t = rd.object(c['text'], `${at}.text`);
      out.text = {
        lmin: optNum(t['lmin'], `${at}.text.lmin`), lmax: optNum(t['lmax'], `${at}.text.lmax`), lsum: rd.count(t['lsum'], `${at}.text.lsum`), space: upTo(t['space'], `${at}.text.space`),
        smin: optText(t['smin'], `${at}.text.smin`), smax: optText(t['smax'], `${at}.text.smax`),
      };
    }
    if (c['time'] !== undefined) {
      const t = rd.object(c['time'], `${at}.time`);
      out.time = { min: optText(t['min'], `${at}.time.min`), max: optText(t['max'], `${at}.time.max`) };
    }
    return out;
  }
}
