import assert from 'node:assert/strict';
import { claimedType, MessageGate, ownFields, type RefusedMessage } from '../../../src/extension/panels/messageGate';
import { parseBiasViewMsg, parseDriftViewMsg, parseProfileViewMsg, parseRulesViewMsg } from '../../../src/shared/protocol';
import { parseAbtestViewMsg } from '../../../src/shared/abtestProtocol';
import { parseHistoryViewMsg } from '../../../src/shared/historyProtocol';
import { parseVersionsViewMsg } from '../../../src/shared/versionsProtocol';
import { parseExplainViewMsg, parseProfileExplainViewMsg } from '../../../src/shared/explainProtocol';
import { parseModelViewMsg } from '../../../src/shared/modelProtocol';
import { parseViewerViewMsg } from '../../../src/shared/viewerProtocol';
import { parseEvaluateViewMsg } from '../../../src/shared/evaluateProtocol';
import { parseHealthViewMsg } from '../../../src/shared/healthProtocol';

type Msg = { type: 'view/ready' } | { type: 'x/go'; n: number };
const parseX = (raw: unknown): Msg | undefined => {
  const m = raw as { type?: unknown; n?: unknown };
  if (m.type === 'view/ready') return { type: 'view/ready' };
  if (m.type === 'x/go' && typeof m.n === 'number') return { type: 'x/go', n: m.n };
  return undefined;
};

function gate<M extends { type: string }>(parse: (raw: unknown) => M | undefined, handle: (m: M) => unknown = () => undefined) {
  const seen = { handled: [] as M[], ready: 0, errors: [] as [string, unknown][], refused: [] as RefusedMessage[] };
  const g = new MessageGate<M>({
    name: 'test panel', parse,
    handle: (m) => { seen.handled.push(m as M); return handle(m as M); },
    onReady: () => { seen.ready++; },
    onError: (m, e) => { seen.errors.push([m.type, e]); },
    refuse: (r) => { seen.refused.push(r); },
  });
  return { g, seen };
}

/** What a hostile or broken webview may send; no panel accepts any of these. */
const hostile: unknown[] = [
  null, undefined, 7, 'view/ready', ['view/ready'], { type: 7 }, { type: null }, {},
  { type: 'constructor' }, { type: '__proto__' }, { type: 'toString' }, { type: 'hasOwnProperty' },
  JSON.parse('{"__proto__": {"type": "view/ready"}}'),
  JSON.parse('{"constructor": {"type": "view/ready"}}'),
  Object.create({ type: 'view/ready' }) as unknown,
  new (class Msg { type = 'view/ready'; })(),
  { type: 'x'.repeat(10_000) },
];

describe('panel messages: MessageGate (the one path of every panel\'s webview messages)', () => {
  it('hands valid messages to the handler and view/ready to onReady, tracking readiness', async () => {
    const { g, seen } = gate(parseX);
    assert.equal(g.ready, false);
    await g.receive({ type: 'x/go', n: 1 });
    await g.receive({ type: 'view/ready' });
    assert.equal(g.ready, true);
    assert.equal(seen.ready, 1);
    assert.deepEqual(seen.handled, [{ type: 'x/go', n: 1 }]);
    assert.deepEqual(seen.refused, []);
  });

  it('refuses a wrong type, a missing field, non-objects and prototype-named keys: logged with panel and type, never handled', async () => {
    const { g, seen } = gate(parseX);
    for (const raw of [...hostile, { type: 'x/go' }, { type: 'x/go', n: '1' }, JSON.parse('{"type": "x/go", "__proto__": {"n": 1}}'), Object.assign(Object.create({ n: 1 }) as object, { type: 'x/go' })]) await g.receive(raw);
    assert.deepEqual(seen.handled, []);
    assert.equal(seen.ready, 0);
    assert.equal(g.ready, false, 'an inherited or prototype-named "view/ready" does not make the view ready');
    assert.equal(seen.refused.length, hostile.length + 4);
    assert.ok(seen.refused.every((r) => r.panel === 'test panel' && r.reason.length > 0));
    assert.deepEqual(seen.refused.slice(0, 9).map((r) => r.type), ['(null)', '(a undefined)', '(a number)', '(a string)', '(an array)', '(a number type)', '(a null type)', '(no type)', '"constructor"']);
    assert.equal(seen.refused.find((r) => r.type.startsWith('"xxx'))!.type.length, 83, 'a long type is cut for the log');
    assert.equal(seen.refused.at(-1)!.type, '"x/go"');
    assert.equal(seen.refused.at(-1)!.reason, 'not a plain object');
  });

  it('a handler that throws or rejects goes to onError with the message type; receive never rejects', async () => {
    const { g, seen } = gate(parseX, (m) => {
      if (m.type === 'x/go' && m.n === 1) throw new Error('sync');
      if (m.type === 'x/go' && m.n === 2) return Promise.reject(new Error('async'));
      return undefined;
    });
    await g.receive({ type: 'x/go', n: 1 });
    await g.receive({ type: 'x/go', n: 2 });
    await g.receive({ type: 'x/go', n: 3 });
    assert.deepEqual(seen.errors.map(([t, e]) => [t, (e as Error).message]), [['x/go', 'sync'], ['x/go', 'async']]);
    assert.equal(seen.handled.length, 3);
  });

  it('a parser, an onError or a refuse hook that throws does not escape either', async () => {
    const g = new MessageGate<Msg>({
      name: 'p', parse: () => { throw new Error('parser bug'); }, handle: () => undefined,
      onError: () => { throw new Error('onError bug'); }, refuse: () => { throw new Error('log bug'); },
    });
    await g.receive({ type: 'x/go', n: 1 });
    const refused: RefusedMessage[] = [];
    const g2 = new MessageGate<Msg>({ name: 'p', parse: () => { throw new Error('parser bug'); }, handle: () => undefined, onError: () => undefined, refuse: (r) => refused.push(r) });
    await g2.receive({ type: 'x/go', n: 1 });
    assert.match(refused[0]!.reason, /parser failed: parser bug/);
    const g3 = new MessageGate<Msg>({ name: 'p', parse: parseX, handle: () => { throw new Error('h'); }, onError: () => Promise.reject(new Error('x')), refuse: () => undefined });
    await g3.receive({ type: 'x/go', n: 1 });
  });

  it('ownFields keeps own fields only, in a null-prototype object; claimedType never reads inherited fields', () => {
    const f = ownFields(JSON.parse('{"type": "a", "__proto__": {"polluted": 1}, "constructor": 2}'))!;
    assert.equal(Object.getPrototypeOf(f), null);
    assert.deepEqual(Object.keys(f).sort(), ['__proto__', 'constructor', 'type']);
    assert.equal(f['polluted'], undefined);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype untouched');
    assert.equal(ownFields(Object.create({ type: 'a' })), undefined);
    assert.equal(claimedType(Object.create({ type: 'a' })), '(no type)');
    assert.equal(claimedType({ type: 'a\u0000\nb' }), '"a\\u0000\\nb"');
  });

  const panels: [string, (raw: unknown) => { type: string } | undefined, unknown[]][] = [
    ['bias', parseBiasViewMsg, [{ type: 'bias/export', format: 'exe' }, { type: 'bias/export' }]],
    ['drift', parseDriftViewMsg, [{ type: 'drift/export', format: 'pdf' }, { type: 'drift/export' }]],
    ['profile', (r) => parseProfileExplainViewMsg(r) ?? parseProfileViewMsg(r), [{ type: 'profile/export', format: 'html' }, { type: 'profile/explainRow' }, { type: 'profile/explainRow', row: -1 }, { type: 'profile/explainRow', row: '3' }]],
    ['A/B test', parseAbtestViewMsg, [{ type: 'abtest/export', format: 'exe' }, { type: 'abtest/export' }]],
    ['history', parseHistoryViewMsg, [{ type: 'history/export', format: 'exe' }, { type: 'history/export' }]],
    ['versions', parseVersionsViewMsg, [{ type: 'versions/export', format: 'exe' }, { type: 'versions/export' }]],
    ['explain', parseExplainViewMsg, [{ type: 'explain/export', format: 'exe' }, { type: 'explain/export' }, { type: 'explain/export', format: '__proto__' }, { type: 'explain/focus', row: 1 }, { type: 'explain/Refresh' }]],
    ['model editor', parseModelViewMsg, [{ type: 'model/run' }, { type: 'model/snapshot' }, { type: 'Model/explain' }, { type: 'model/explain ' }]],
    ['data viewer', parseViewerViewMsg, [
      { type: 'viewer/rows', request: 1, start: 0 }, { type: 'viewer/rows', request: 1, start: -1, count: 10 }, { type: 'viewer/rows', request: 1, start: 0, count: 1.5 }, { type: 'viewer/rows', request: '1', start: 0, count: 10 },
      { type: 'viewer/record', row: -1 }, { type: 'viewer/record', row: Number.MAX_VALUE },
      { type: 'viewer/copy', start: 5, end: 1, columns: [], format: 'tsv' }, { type: 'viewer/copy', start: 0, end: 1, columns: ['a'], format: 'csv' }, { type: 'viewer/copy', start: 0, end: 1, columns: [1], format: 'md' },
      { type: 'viewer/action', action: 'rm' }, { type: 'viewer/action', action: 'constructor' }, { type: 'viewer/action', action: 'toString' }, { type: 'viewer/action', action: 'explain', row: -2 },
      { type: 'viewer/setView', request: 1, filter: 'x', quick: 'a' }, { type: 'viewer/setView', request: 1, filter: 'x', quick: [['a']] }, { type: 'viewer/setView', request: 1, filter: 'x'.repeat(10_001), quick: [] }, { type: 'viewer/setView', request: 1, filter: '', quick: [], sort: { column: 1, descending: true } },
      { type: 'viewer/remember', scrollRow: 0, widths: [['a', 1e9]], hidden: [] }, { type: 'viewer/remember', scrollRow: 0, widths: [], hidden: [7] }, { type: 'viewer/remember', scrollRow: 0, widths: {}, hidden: [] },
    ]],
    ['evaluate', parseEvaluateViewMsg, [{ type: 'evaluate/export', format: 'exe' }]],
    ['health', parseHealthViewMsg, [{ type: 'health/export', format: 'exe' }]],
    ['rules', parseRulesViewMsg, [{ type: 'rules/export', format: 'json' }, { type: 'rules/snapshot' }, { type: 'rules/Share' }]],
  ];
  for (const [name, parse, own] of panels) {
    it(`the ${name} panel's parser through the gate: every hostile message refused, view/ready accepted`, async () => {
      const { g, seen } = gate(parse);
      for (const raw of [...hostile, ...own]) await g.receive(raw);
      assert.deepEqual(seen.handled, []);
      assert.equal(seen.refused.length, hostile.length + own.length);
      assert.equal(g.ready, false);
      await g.receive({ type: 'view/ready' });
      assert.equal(g.ready, true);
    });
  }
  // The four panels moved last (explain, model editor, data viewer, rules): a valid message of each kind is handled, as the
  // parser's fresh copy (only whitelisted fields; prototype-named values stay plain data, never a prototype).
  const valid: [string, (raw: unknown) => { type: string } | undefined, unknown, unknown][] = [
    ['explain', parseExplainViewMsg, { type: 'explain/export', format: 'json', extra: 1 }, { type: 'explain/export', format: 'json' }],
    ['explain', parseExplainViewMsg, { type: 'explain/refresh', format: 'exe' }, { type: 'explain/refresh' }],
    ['model editor', parseModelViewMsg, { type: 'model/explain', constructor: 1 }, { type: 'model/explain' }],
    ['model editor', parseModelViewMsg, { type: 'model/predict' }, { type: 'model/predict' }],
    ['data viewer', parseViewerViewMsg, JSON.parse('{"type": "viewer/setView", "request": 2, "filter": "", "quick": [["__proto__", "1"], ["constructor", "x"]], "sort": {"column": "__proto__", "descending": true, "x": 1}, "__proto__": {"polluted": 1}}'),
      { type: 'viewer/setView', request: 2, filter: '', quick: [['__proto__', '1'], ['constructor', 'x']], sort: { column: '__proto__', descending: true } }],
    ['data viewer', parseViewerViewMsg, { type: 'viewer/rows', request: 1, start: 0, count: 200 }, { type: 'viewer/rows', request: 1, start: 0, count: 200 }],
    ['data viewer', parseViewerViewMsg, { type: 'viewer/action', action: 'profile' }, { type: 'viewer/action', action: 'profile' }],
    ['data viewer', parseViewerViewMsg, { type: 'viewer/remember', scrollRow: 3, widths: [['__proto__', 40]], hidden: ['constructor'] }, { type: 'viewer/remember', scrollRow: 3, widths: [['__proto__', 40]], hidden: ['constructor'] }],
    ['rules panel', parseRulesViewMsg, { type: 'rules/share', format: 'exe' }, { type: 'rules/share' }],
    ['data viewer', parseViewerViewMsg, { type: 'viewer/copy', start: 0, end: 9, columns: ['a'], format: 'md' }, { type: 'viewer/copy', start: 0, end: 9, columns: ['a'], format: 'md' }],
  ];
  for (const [name, parse, raw, expected] of valid) {
    it(`the ${name}'s parser through the gate: a valid ${(expected as { type: string }).type} is handled as its whitelisted copy`, async () => {
      const { g, seen } = gate(parse);
      await g.receive(raw);
      assert.deepEqual(seen.refused, []);
      assert.equal(seen.handled.length, 1);
      assert.deepEqual(seen.handled[0], expected);
      assert.equal(Object.getPrototypeOf(seen.handled[0]), Object.prototype, 'a plain object the handler may spread');
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype untouched');
      if (seen.handled[0]!.type === 'viewer/setView') {
        const quick = new Map((seen.handled[0] as unknown as { quick: [string, string][] }).quick);
        assert.equal(quick.get('__proto__'), '1', 'a column named __proto__ is a Map key like any other');
      }
    });
  }
});
