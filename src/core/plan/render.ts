import type { SqlDialect } from './dialect';
import type { Expr } from './expr';
import { OUTPUT_NAME, type Aggregate, type AggregatePlan, type NamedExpr, type Source } from './plan';

/**
 * Renders plans and expressions as SQL for one dialect. Every compound expression is parenthesised, so no
 * engine's operator precedence matters; names only reach SQL through dialect.quoteIdent and values only
 * through the dialect's literals.
 */
export function renderExpr(e: Expr, d: SqlDialect): string {
  const r = (x: Expr) => renderExpr(x, d);
  switch (e.op) {
    case 'col': return d.quoteIdent(e.name);
    case 'double': return d.doubleLiteral(e.value);
    case 'int': return d.integerLiteral(e.value);
    case 'nonFinite': return d.nonFiniteLiteral(e.value);
    case 'str': return d.stringLiteral(e.value);
    case 'bool': return d.booleanLiteral(e.value);
    case 'null': return d.nullLiteral(e.type);
    case 'timestamp': return d.timestampLiteral(e.iso);
    case 'cast': return d.cast(r(e.arg), e.to, e.try === true);
    case 'isFinite': return d.isFinite(r(e.arg));
    case 'isNull': return `(${r(e.arg)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'cmp': return `(${r(e.left)} ${e.cmp === '!=' ? '<>' : e.cmp} ${r(e.right)})`;
    case 'and': case 'or':
      if (!e.args.length) return d.booleanLiteral(e.op === 'and');
      return `(${e.args.map(r).join(e.op === 'and' ? ' AND ' : ' OR ')})`;
    case 'not': return `(NOT ${r(e.arg)})`;
    case 'arith': return `(${r(e.left)} ${e.fn} ${r(e.right)})`;
    case 'fn': return d.scalar(e.fn, e.args.map(r));
    case 'case':
      return `(CASE ${e.when.map((w) => `WHEN ${r(w.if)} THEN ${r(w.then)}`).join(' ')}${e.else ? ` ELSE ${r(e.else)}` : ''} END)`;
    case 'in':
      if (!e.values.length) return d.booleanLiteral(e.negated === true);
      return `(${r(e.arg)} ${e.negated ? 'NOT ' : ''}IN (${e.values.map(r).join(', ')}))`;
    case 'contains': return d.contains(r(e.arg), e.needle);
    case 'hash': return d.hash(e.args.map(r));
    case 'hashSample': return d.hashSample(r(e.arg), e.rate);
    case 'logBucket': return `(${d.logBucket(r(e.arg), e.part, e.lnGamma, e.zeroLimit)})`;
    case 'dateTrunc': return d.dateTrunc(e.unit, r(e.arg));
    case 'addInterval': return d.addInterval(r(e.arg), e.amount, e.unit);
    case 'utcTimestamp': return d.utcTimestamp(r(e.arg));
  }
}

/** The FROM clause of a source, with its own filter (a subquery when it has one). */
export function renderSource(s: Source, d: SqlDialect): string {
  const base = s.kind === 'table' ? d.quoteTable(s.path) : s.kind === 'relation' ? s.relation
    : s.kind === 'derive' ? `(SELECT *, ${s.columns.map((c) => output(renderExpr(c.expr, d), c.name, c.type, d)).join(', ')} FROM ${renderSource(s.of, d)}${d.derivedFence ?? ''}) AS derived`
      : s.kind === 'distinct' ? `(SELECT ${renderExpr(s.value, d)} AS ${d.quoteIdent('v')} FROM ${renderSource(s.of, d)} WHERE ${renderExpr(s.value, d)} IS NOT NULL GROUP BY ${renderExpr(s.value, d)}) AS grouped`
      : `(${d.unpivot(renderSource(s.of, d), s.values.map((v) => (s.type ? d.cast(renderExpr(v, d), s.type, false) : renderExpr(v, d))))}) AS unpivoted`;
  return s.where ? `(SELECT * FROM ${base} WHERE ${renderExpr(s.where, d)}) AS src` : base;
}

function filtered(d: SqlDialect, fn: string, arg: string, filter: Expr | undefined): string {
  if (!filter) return `${fn}(${arg})`;
  const f = renderExpr(filter, d);
  return d.capabilities.filterClause ? `${fn}(${arg}) FILTER (WHERE ${f})` : `${fn}(CASE WHEN ${f} THEN ${arg} END)`;
}

export function renderAggregate(a: Aggregate, d: SqlDialect): string {
  const r = (x: Expr) => renderExpr(x, d);
  switch (a.fn) {
    case 'count': return filtered(d, 'count', a.arg ? r(a.arg) : a.filter && !d.capabilities.filterClause ? '1' : '*', a.filter);
    case 'countIf': return `sum(CASE WHEN ${r(a.cond)} THEN 1 ELSE 0 END)`;
    case 'sum': case 'min': case 'max': case 'avg': return filtered(d, a.fn, r(a.arg), a.filter);
    case 'varSamp': return a.filter ? d.varSamp(`CASE WHEN ${r(a.filter)} THEN ${r(a.arg)} END`) : d.varSamp(r(a.arg));
    case 'stddevSamp': return a.filter ? d.stddevSamp(`CASE WHEN ${r(a.filter)} THEN ${r(a.arg)} END`) : d.stddevSamp(r(a.arg));
    case 'sumSquares': { const x = r(a.arg); return filtered(d, 'sum', `(${x} * ${x})`, a.filter); }
    case 'example': return filtered(d, 'min', r(a.arg), a.filter);
    case 'quantiles':
      if (!(a.mode === 'exact' ? d.capabilities.exactQuantiles : d.capabilities.approxQuantiles)) throw new Error(`plan: ${d.name} has no ${a.mode} quantiles`);
      return d.quantiles(r(a.arg), a.levels, a.mode === 'exact');
    case 'distinct': {
      if (a.mode === 'hashSample') {
        const x = r(a.args[0]);
        const cond = `${x} IS NOT NULL AND ${d.hashSample(x, a.rate)}`;
        const h = d.hash([x]);
        return d.capabilities.filterClause ? `count(DISTINCT ${h}) FILTER (WHERE ${cond})` : `count(DISTINCT CASE WHEN ${cond} THEN ${h} END)`;
      }
      const args = a.args.map(r);
      if (a.mode === 'approx') {
        if (!d.capabilities.approxDistinct) throw new Error(`plan: ${d.name} has no approximate distinct count`);
        if (args.length !== 1 || a.filter) throw new Error('plan: an approximate distinct count takes one argument and no filter');
        return d.approxDistinct(args[0]!);
      }
      if (!a.filter) return d.countDistinct(args);
      const f = renderExpr(a.filter, d);
      if (d.capabilities.filterClause) return `${d.countDistinct(args)} FILTER (WHERE ${f})`;
      if (args.length !== 1) throw new Error('plan: a filtered distinct count of a tuple needs FILTER');
      return `count(DISTINCT CASE WHEN ${f} THEN ${args[0]} END)`;
    }
  }
}

function checkName(name: string): string {
  if (!OUTPUT_NAME.test(name)) throw new Error(`plan: output name '${name}' is not a plain identifier`);
  return name;
}

function output(sql: string, name: string, type: NamedExpr['type'], d: SqlDialect): string {
  return `${type ? d.cast(sql, type, false) : sql} AS ${d.quoteIdent(checkName(name))}`;
}

/**
 * One SELECT for a plan: [derived columns in a subquery] → WHERE → GROUP BY keys → aggregates, then top-k
 * (ORDER BY … LIMIT k, or row_number() per partition) and ORDER BY.
 */
export function renderPlan(plan: AggregatePlan, d: SqlDialect): string {
  if (!plan.aggregates.length && !plan.groupBy?.length) throw new Error('plan: nothing to select');
  const keys = plan.groupBy ?? [];
  const names = new Set<string>();
  for (const n of [...keys.map((k) => k.name), ...plan.aggregates.map((a) => a.name)]) {
    if (names.has(n)) throw new Error(`plan: output name '${n}' is used twice`);
    names.add(checkName(n));
  }
  let from = renderSource(plan.source, d);
  if (plan.derive?.length) {
    from = `(SELECT ${plan.derive.map((x) => output(renderExpr(x.expr, d), x.name, x.type, d)).join(', ')} FROM ${from}) AS derived`;
  }
  const select = [
    ...keys.map((k) => output(renderExpr(k.expr, d), k.name, k.type, d)),
    ...plan.aggregates.map((a) => output(renderAggregate(a.agg, d), a.name, a.type, d)),
  ];
  let sql = `SELECT ${select.join(', ')} FROM ${from}`;
  if (plan.where) sql += ` WHERE ${renderExpr(plan.where, d)}`;
  if (keys.length) sql += ` GROUP BY ${keys.map((k) => renderExpr(k.expr, d)).join(', ')}`;
  const q = (n: string) => d.quoteIdent(n);
  if (plan.top) {
    const { k, by, partitionBy } = plan.top;
    if (!Number.isSafeInteger(k) || k < 1) throw new Error(`plan: top k must be a positive integer: ${k}`);
    if (!names.has(by) || partitionBy?.some((p) => !keys.some((x) => x.name === p))) throw new Error('plan: top refers to an unknown output');
    const order = [`${q(by)} DESC`, ...keys.filter((x) => !partitionBy?.includes(x.name)).map((x) => `${q(x.name)} ASC`)].join(', ');
    sql = partitionBy?.length
      ? `SELECT ${[...names].map(q).join(', ')} FROM (SELECT *, row_number() OVER (PARTITION BY ${partitionBy.map(q).join(', ')} ORDER BY ${order}) AS ${q('_rank')} FROM (${sql}) AS grouped) AS ranked WHERE ${q('_rank')} <= ${k}`
      : `SELECT * FROM (${sql} ORDER BY ${order} LIMIT ${k}) AS top`;
  }
  if (plan.orderBy?.length) {
    if (plan.orderBy.some((n) => !names.has(n))) throw new Error('plan: orderBy refers to an unknown output');
    sql = `SELECT * FROM (${sql}) AS ordered ORDER BY ${plan.orderBy.map((n) => `${q(n)} ASC`).join(', ')}`;
  }
  return sql;
}
