import { MAX_GROUPS_PER_ATTRIBUTE } from '../bias/attributeLimits';
import { parseFailOn } from '../bias/checks';
import { SWEEP_BINS } from '../bias/scoreMetrics';
import { MAX_DISTINCT_VALUES, MAX_RANKED_ENTRIES, type BiasPartial, type BiasPartialSettings, type Key, type Scalar } from './biasPartial';
import { partialReader } from './partialReader';

/**
 * Reads a partial bias audit's JSON, checking every field the merge uses (a partial is input: it may be hand-edited
 * or hostile): types, whole counts, list sizes within the limits a part writes, keys as long as the sensitive list.
 * Only known fields are copied. Throws InputError BAD_PARTIAL naming the file and field.
 */
export function parseBiasPartial(doc: unknown, name: string): BiasPartial {
  const r = partialReader(name, 'bias', "model-lens bias <part> --sensitive … --label … --partial");
  const o = r.object(doc, 'the file');
  r.header(o);
  const st = r.object(o['settings'], 'settings');
  const texts = (v: unknown, at: string, max: number): string[] => r.list(v, at, max).map((x, i) => r.text(x, `${at}[${i}]`));
  const optText = (v: unknown, at: string): string | null => (v === null ? null : r.text(v, at));
  const scalar = (v: unknown, at: string): Scalar => (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? v : r.bad(`${at} is not a number, text or boolean`));
  const sensitive = texts(st['sensitive'], 'settings.sensitive', 16);
  if (!sensitive.length) r.bad('settings.sensitive is empty');
  const task = st['task'];
  if (task !== 'binary' && task !== 'multiclass' && task !== 'regression') r.bad('settings.task is not binary, multiclass or regression');
  const threshold = st['threshold'] === null ? null : r.number(st['threshold'], 'settings.threshold');
  if (threshold !== null && !(threshold >= 0 && threshold <= 1)) r.bad('settings.threshold is not in [0, 1]');
  const boot = st['bootstrap'] === null ? null : r.object(st['bootstrap'], 'settings.bootstrap');
  const failOn = texts(st['failOn'], 'settings.failOn', 100);
  try {
    failOn.forEach(parseFailOn);
  } catch {
    r.bad('settings.failOn has a check that is not <metric><op><value>');
  }
  const settings: BiasPartialSettings = {
    sensitive, label: r.text(st['label'], 'settings.label'), prediction: optText(st['prediction'], 'settings.prediction'), score: optText(st['score'], 'settings.score'),
    threshold, favorable: st['favorable'] === null ? null : scalar(st['favorable'], 'settings.favorable'),
    privileged: r.list(st['privileged'], 'settings.privileged', 16).map((x, i) => {
      const pair = texts(x, `settings.privileged[${i}]`, 2);
      return pair.length === 2 ? [pair[0]!, pair[1]!] as [string, string] : r.bad(`settings.privileged[${i}] is not [attribute, value]`);
    }),
    minGroupSize: st['minGroupSize'] === null ? null : r.count(st['minGroupSize'], 'settings.minGroupSize'),
    bootstrap: boot === null ? null : { draws: r.count(boot['draws'], 'settings.bootstrap.draws', 100_000), seed: r.count(boot['seed'], 'settings.bootstrap.seed', 2 ** 32 - 1) },
    task: task as BiasPartialSettings['task'], failOn,
  };
  const width = sensitive.length;
  const key = (v: unknown, at: string): Key => {
    const k = r.list(v, at, width);
    if (k.length !== width) r.bad(`${at} does not have one value per sensitive attribute`);
    return k.map((x, i) => (x === null ? null : r.text(x, `${at}[${i}]`)));
  };
  const rows = r.count(o['rows'], 'rows');
  const cellCount = (v: unknown, at: string): number => r.count(v, at, rows);
  const columns = r.list(o['columns'], 'columns', 100_000).map((x, i) => {
    const c = r.object(x, `columns[${i}]`);
    return { name: r.text(c['name'], `columns[${i}].name`), type: r.text(c['type'], `columns[${i}].type`), ...(c['nonNull'] !== undefined ? { nonNull: cellCount(c['nonNull'], `columns[${i}].nonNull`) } : {}) };
  });
  const attributes = r.list(o['attributes'], 'attributes', width).map((x, i) => {
    const a = r.object(x, `attributes[${i}]`);
    const at = `attributes[${i}]`;
    if (a['name'] !== sensitive[i]) r.bad(`${at}.name is not settings.sensitive[${i}]`);
    return { name: sensitive[i]!, nonNull: cellCount(a['nonNull'], `${at}.nonNull`), sumLength: r.count(a['sumLength'], `${at}.sumLength`), withSpace: cellCount(a['withSpace'], `${at}.withSpace`), values: texts(a['values'], `${at}.values`, MAX_GROUPS_PER_ATTRIBUTE) };
  });
  if (attributes.length !== width) r.bad('attributes does not have one entry per sensitive attribute');
  const values = (v: unknown, at: string): Scalar[] => r.list(v, at, MAX_DISTINCT_VALUES).map((x, i) => scalar(x, `${at}[${i}]`));
  const out: BiasPartial = {
    modelLensPartial: 1, analysis: 'bias', dataset: r.text(o['dataset'], 'dataset'), settings, rows, columns, attributes,
    labelValues: values(o['labelValues'], 'labelValues'), predictionValues: values(o['predictionValues'], 'predictionValues'),
    cells: r.list(o['cells'], 'cells', Infinity).map((x, i) => {
      const c = r.object(x, `cells[${i}]`);
      return { k: key(c['k'], `cells[${i}].k`), y: scalar(c['y'], `cells[${i}].y`), p: scalar(c['p'], `cells[${i}].p`), n: cellCount(c['n'], `cells[${i}].n`) };
    }),
  };
  if (out.cells.reduce((a, c) => a + c.n, 0) > rows) r.bad('the cells hold more rows than the part');
  if (o['scores'] !== undefined) {
    const sc = r.object(o['scores'], 'scores');
    if (sc['bins'] !== SWEEP_BINS) r.bad(`scores.bins is not ${SWEEP_BINS}`);
    const ranks = sc['ranks'] === null ? null : r.list(sc['ranks'], 'scores.ranks', MAX_RANKED_ENTRIES).map((x, i) => {
      const c = r.object(x, `scores.ranks[${i}]`);
      return { k: key(c['k'], `scores.ranks[${i}].k`), y: scalar(c['y'], `scores.ranks[${i}].y`), s: r.number(c['s'], `scores.ranks[${i}].s`), n: cellCount(c['n'], `scores.ranks[${i}].n`) };
    });
    out.scores = {
      bins: SWEEP_BINS, ranks, distinctRanked: r.count(sc['distinctRanked'], 'scores.distinctRanked'),
      sums: r.list(sc['sums'], 'scores.sums', Infinity).map((x, i) => {
        const c = r.object(x, `scores.sums[${i}]`);
        const at = `scores.sums[${i}]`;
        return { k: key(c['k'], `${at}.k`), y: scalar(c['y'], `${at}.y`), n: cellCount(c['n'], `${at}.n`), sumS: r.number(c['sumS'], `${at}.sumS`), sumS2: r.number(c['sumS2'], `${at}.sumS2`), minS: r.number(c['minS'], `${at}.minS`), maxS: r.number(c['maxS'], `${at}.maxS`) };
      }),
      hist: r.list(sc['hist'], 'scores.hist', Infinity).map((x, i) => {
        const c = r.object(x, `scores.hist[${i}]`);
        const at = `scores.hist[${i}]`;
        return { k: key(c['k'], `${at}.k`), y: scalar(c['y'], `${at}.y`), bin: r.count(c['bin'], `${at}.bin`, SWEEP_BINS), n: cellCount(c['n'], `${at}.n`), sumS: r.number(c['sumS'], `${at}.sumS`) };
      }),
    };
  }
  if (o['regression'] !== undefined) {
    out.regression = r.list(o['regression'], 'regression', Infinity).map((x, i) => {
      const c = r.object(x, `regression[${i}]`);
      const at = `regression[${i}]`;
      return { k: key(c['k'], `${at}.k`), n: cellCount(c['n'], `${at}.n`), sumP: r.number(c['sumP'], `${at}.sumP`), sumY: r.number(c['sumY'], `${at}.sumY`), sumAbs: r.number(c['sumAbs'], `${at}.sumAbs`), sumSq: r.number(c['sumSq'], `${at}.sumSq`) };
    });
  }
  return out;
}
