import type { ScalarFn, ScalarType, TimeUnit } from './expr';
import type { DialectCapabilities, SqlDialect } from './dialect';

/**
 * Standard SQL for everything ANSI defines; engines extend it and override what differs (DuckDbDialect here,
 * the warehouse dialects on top). Methods that have no ANSI form throw until a dialect provides them, so a
 * missing piece is a clear error at planning time, never wrong SQL.
 */
export abstract class AnsiDialect implements SqlDialect {
  abstract readonly name: string;
  abstract readonly capabilities: DialectCapabilities;

  quoteIdent(name: string): string {
    if (name.includes('\u0000')) throw new Error('plan: identifier contains a NUL byte');
    return `"${name.replace(/"/g, '""')}"`;
  }

  quoteTable(path: readonly string[]): string {
    if (!path.length) throw new Error('plan: empty table name');
    return path.map((p) => this.quoteIdent(p)).join('.');
  }

  stringLiteral(value: string): string {
    if (value.includes('\u0000')) throw new Error('plan: string literal contains a NUL byte');
    return `'${value.replace(/'/g, "''")}'`;
  }

  doubleLiteral(value: number): string {
    if (!Number.isFinite(value)) throw new Error(`plan: not a finite double: ${value}`);
    // The shortest round-trip text, parsed as a double (not a DECIMAL first, whose conversion can round).
    return `CAST('${String(value)}' AS ${this.typeName('double')})`;
  }

  integerLiteral(value: number): string {
    if (!Number.isSafeInteger(value)) throw new Error(`plan: not a safe integer: ${value}`);
    return String(value);
  }

  nonFiniteLiteral(value: 'inf' | '-inf' | 'nan'): string {
    return `CAST(${this.stringLiteral({ inf: 'Infinity', '-inf': '-Infinity', nan: 'NaN' }[value])} AS ${this.typeName('double')})`;
  }

  booleanLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  timestampLiteral(iso: string): string {
    if (!/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/.test(iso)) throw new Error(`plan: not an ISO date/time: ${iso}`);
    return `CAST(${this.stringLiteral(iso.replace('T', ' '))} AS ${this.typeName('timestamp')})`;
  }

  nullLiteral(type: ScalarType): string {
    return `CAST(NULL AS ${this.typeName(type)})`;
  }

  typeName(type: ScalarType): string {
    return { double: 'DOUBLE PRECISION', bigint: 'BIGINT', integer: 'INTEGER', varchar: 'VARCHAR', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' }[type];
  }

  cast(x: string, to: ScalarType, tryCast: boolean): string {
    if (tryCast) throw new Error(`plan: dialect ${this.name} has no TRY_CAST`);
    return `CAST(${x} AS ${this.typeName(to)})`;
  }

  abstract isFinite(x: string): string;

  scalar(fn: ScalarFn, args: string[]): string {
    const name = { abs: 'abs', floor: 'floor', ceil: 'ceil', trunc: 'trunc', ln: 'ln', sqrt: 'sqrt', length: 'char_length', lower: 'lower', upper: 'upper', least: 'least', greatest: 'greatest', exp: 'exp', power: 'power' }[fn];
    return `${name}(${args.join(', ')})`;
  }

  contains(x: string, needle: string): string {
    return `(position(${this.stringLiteral(needle)} IN ${x}) > 0)`;
  }

  abstract hash(args: string[]): string;
  abstract hashSample(x: string, rate: number): string;

  logBucket(x: string, part: 'sign' | 'index', lnGamma: number, zeroLimit: number): string {
    const z = this.doubleLiteral(zeroLimit);
    if (part === 'sign') return `CASE WHEN ${x} > ${z} THEN 1 WHEN ${x} < ${this.doubleLiteral(-zeroLimit)} THEN -1 ELSE 0 END`;
    // The guard sits inside ln's argument: engines that evaluate both CASE branches never see ln(0).
    return `CASE WHEN abs(${x}) > ${z} THEN CAST(ceil(ln(CASE WHEN abs(${x}) > ${z} THEN abs(${x}) ELSE 1 END) / ${this.doubleLiteral(lnGamma)}) AS INTEGER) ELSE 0 END`;
  }

  dateTrunc(unit: 'day' | 'week' | 'month', x: string): string {
    return `date_trunc(${this.stringLiteral(unit)}, ${x})`;
  }

  addInterval(x: string, amount: number, unit: TimeUnit): string {
    return `(${x} + INTERVAL '${this.integerLiteral(amount)}' ${unit.toUpperCase()})`;
  }

  /** The embedded engine works in UTC (TimeZone = 'UTC'), so a cast gives the UTC wall clock. */
  utcTimestamp(x: string): string {
    return this.cast(x, 'timestamp', false);
  }

  countDistinct(args: string[]): string {
    return args.length === 1 ? `count(DISTINCT ${args[0]})` : `count(DISTINCT ${this.hash(args)})`;
  }

  approxDistinct(_x: string): string {
    throw new Error(`plan: dialect ${this.name} has no approximate distinct count`);
  }

  quantiles(x: string, levels: readonly number[], exact: boolean): string {
    if (!exact) throw new Error(`plan: dialect ${this.name} has no approximate quantiles`);
    return `percentile_cont(ARRAY[${levels.map((l) => this.doubleLiteral(l)).join(', ')}]) WITHIN GROUP (ORDER BY ${x})`;
  }

  unpivot(from: string, values: string[]): string {
    return values.map((v, k) => `SELECT ${k} AS k, v FROM (SELECT ${v} AS v FROM ${from}) AS u${k} WHERE v IS NOT NULL`).join(' UNION ALL ');
  }

  inlineTable(alias: string, columns: readonly string[], rows: readonly (readonly string[])[]): string {
    if (!rows.length) throw new Error('plan: an inline table needs at least one row');
    return `(VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS ${this.quoteIdent(alias)}(${columns.map((c) => this.quoteIdent(c)).join(', ')})`;
  }

  varSamp(x: string): string {
    return `var_samp(${x})`;
  }

  stddevSamp(x: string): string {
    return `stddev_samp(${x})`;
  }
}
