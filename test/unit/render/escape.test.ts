// One escaper per output format (issue 17 item 12): hostile names through every escaper, checked by real parsers
// (markdown-it as GitHub renders Markdown, htmlparser2 for HTML/XML), through the renderers that had their own
// escaping, and a scan that no renderer escapes by itself again.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import { checksToHtml } from '../../../src/core/checks/render/html';
import { checksToJunit } from '../../../src/core/checks/render/junit';
import { checksToMarkdown } from '../../../src/core/checks/render/markdown';
import { checksToText } from '../../../src/core/checks/render/text';
import type { ChecksReport } from '../../../src/core/checks/types';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { driftToHtml } from '../../../src/core/drift/driftHtml';
import { driftToMarkdown } from '../../../src/core/drift/driftMarkdown';
import { runDrift } from '../../../src/core/drift/runDrift';
import { grantModelAccess } from '../../../src/core/models/modelAccess';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { profileToMarkdown } from '../../../src/core/profile/profileMarkdown';
import { escapeCsv, escapeHtml, escapeMarkdown, escapeTextLine, escapeXmlAttr, markdownCode } from '../../../src/core/render/escape';
import { diffModels } from '../../../src/core/versions/diffModels';
import { splitUnescaped, versionsToHtml } from '../../../src/core/versions/versionsHtml';
import { versionsToMarkdown } from '../../../src/core/versions/versionsMarkdown';
import { fileVersion } from '../../../src/core/versions/sources/resolveVersion';
import { parseCsv } from '../csv';

const root = join(__dirname, '../../..');
const markdownIt = createRequire(__filename)('markdown-it') as (o: object) => { render(s: string): string };
// GitHub renders Markdown with inline HTML allowed (then sanitised); html: true shows what would reach the sanitiser.
const md = markdownIt({ html: true, linkify: true });

const HOSTILE = [
  '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', 'a|b', 'line\nbreak', 'cr\r\nlf', '**bold** _em_ ~~s~~',
  '[x](javascript:alert(1))', '![i](http://e.x/t.png)', '&lt;b&gt;', '`code` ``two``', '# heading', '\\|\\', 'esc\u001b[31mred\u001b]8;;x\u0007',
  "quote\"'s", 'tab\there', '<http://e.x>', '- item', '1. item', '> quote', '=cmd|" /C calc"!A0', '@SUM(1)', ' padded ',
];
/** Elements named `names` in the HTML; a link counts only when it is not a plain http(s) address (GFM linkifies those). */
const elements = (html: string, names: string[]): string[] =>
  DomUtils.findAll((e) => names.includes(e.name) && !(e.name === 'a' && /^https?:\/\/[^\s"<>]*$/.test(e.attribs['href'] ?? '')), parseDocument(html).children).map((e) => `${e.name}${e.attribs['href'] ? ` ${e.attribs['href']}` : ''}`);
const text = (html: string): string => DomUtils.textContent(parseDocument(html));
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').replace(/\t/g, ' ').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD');

describe('one escaper per output format (issue 17 item 12)', function () {
  this.timeout(120000);

  it('Markdown: a hostile cell stays one cell of one row, renders as its own text, and opens no element or link', () => {
    for (const h of HOSTILE) {
      const html = md.render(`| a | b |\n|---|---|\n| ${escapeMarkdown(h)} | x |\n\n- ${escapeMarkdown(h)}\n`);
      assert.deepEqual(elements(html, ['img', 'script', 'a', 'strong', 'em', 's', 'code', 'h1', 'blockquote', 'ol']), [], `${JSON.stringify(h)} → ${html}`);
      assert.equal(DomUtils.findAll((e) => e.name === 'ul' || e.name === 'li', parseDocument(html).children).length, 2, `one list, one item: ${JSON.stringify(h)}`);
      const cells = DomUtils.findAll((e) => e.name === 'td', parseDocument(html).children).map((e) => DomUtils.textContent(e));
      assert.deepEqual(cells, [oneLine(h).trim(), 'x'], JSON.stringify(h));
      const code = md.render(markdownCode(h));
      // In a code span only line breaks and controls change; pipes stay escaped for table cells.
      const want = h.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD').replace(/\|/g, '\\|').trim();
      assert.equal(DomUtils.textContent(parseDocument(code)).trim(), want, `code span ${JSON.stringify(h)}`);
    }
  });

  it('HTML/XML: text and attributes round-trip through a parser; controls XML forbids become U+FFFD', () => {
    for (const h of HOSTILE) {
      const html = `<p title="${escapeXmlAttr(h)}">${escapeHtml(h)}</p>`;
      const doc = parseDocument(html, { xmlMode: true });
      const p = DomUtils.findOne((e) => e.name === 'p', doc.children)!;
      assert.equal(doc.children.length, 1);
      assert.equal(p.children.length <= 1 && DomUtils.textContent(p), h.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD').replace(/\r\n/g, '\r\n'));
      assert.deepEqual(elements(html, ['img', 'script']), []);
    }
  });

  it('CSV: every hostile value is one field that reads back (formulas defused with a leading quote)', () => {
    const line = HOSTILE.map((h) => escapeCsv(h)).join(',');
    const [parsed] = parseCsv(`${HOSTILE.map((_, i) => `c${i}`).join(',')}\n${line}\n`);
    const row = HOSTILE.map((_, i) => parsed![`c${i}`]);
    assert.equal(Object.keys(parsed!).length, HOSTILE.length);
    row.forEach((v, i) => assert.equal(v, /^[=+\-@\t\r]/.test(HOSTILE[i]!) ? `'${HOSTILE[i]}` : HOSTILE[i]));
    assert.equal(escapeCsv(-1.5), '-1.5', 'numbers are written as they are');
  });

  it('terminal text: no control character and no line break survives', () => {
    for (const h of HOSTILE) assert.doesNotMatch(escapeTextLine(h), /[\u0000-\u001F\u007F-\u009F]/, JSON.stringify(h));
  });

  describe('renderers', () => {
    let engine: Engine;
    const dir = mkdtempSync(join(tmpdir(), 'ml-escape-'));
    const NAME = '<img src=x onerror=alert(1)> | **x**';
    const CAT = '<script>alert(1)</script>';
    before(async () => {
      engine = await Engine.create();
      const rows = Array.from({ length: 60 }, (_, i) => `${i % 3 === 0 ? `"${CAT}"` : 'ok'},${i},${i % 2}`);
      writeFileSync(join(dir, 'ref.csv'), `"${NAME}",n,"new\nline"\n${rows.join('\n')}\n`);
      writeFileSync(join(dir, 'cur.csv'), `"${NAME}",n,"new\nline"\n${rows.map((r, i) => (i % 2 ? r.replace('ok', '[a](javascript:x)') : r)).join('\n')}\n`);
    });
    after(() => engine.close());

    const safeMarkdown = (markdown: string, what: string): void => {
      const html = md.render(markdown);
      assert.deepEqual(elements(html, ['img', 'script', 'a']), [], `${what}: ${html.slice(0, 2000)}`);
      assert.ok(text(html).includes('<img src=x onerror=alert(1)>') || text(html).includes('<script>'), `${what}: the names are shown as text`);
    };

    it('profile and drift Markdown / HTML', async () => {
      const ref = await loadDataset(engine, join(dir, 'ref.csv'));
      const cur = await loadDataset(engine, join(dir, 'cur.csv'));
      safeMarkdown(profileToMarkdown(await profileDataset(engine, ref)), 'profile');
      const report = await runDrift(engine, ref, cur, {});
      const mdText = driftToMarkdown(report);
      safeMarkdown(mdText, 'drift');
      assert.ok(mdText.split('\n').some((l) => l.startsWith('| new line |')), 'a newline in a name stays in one row');
      assert.deepEqual(elements(driftToHtml(report), ['img']), []);
      assert.equal(elements(driftToHtml(report), ['script']).length, elements(driftToHtml(report).replace(/<script>alert\(1\)<\/script>/g, ''), ['script']).length);
    });

    it('model diff Markdown / HTML with hostile feature names', async () => {
      const doc = JSON.parse(readFileSync(join(root, 'test/fixtures/models/named.model.json'), 'utf8')) as { learner: { feature_names: string[] } };
      const a = join(dir, 'a.json');
      writeFileSync(a, JSON.stringify(doc));
      doc.learner.feature_names = doc.learner.feature_names.map((f, i) => (i === 0 ? NAME : i === 1 ? 'two\nlines' : f));
      const b = join(dir, 'b.json');
      writeFileSync(b, JSON.stringify(doc));
      const d = await diffModels(fileVersion(a), fileVersion(b), { models: grantModelAccess() });
      const markdown = versionsToMarkdown(d);
      safeMarkdown(markdown, 'diff');
      assert.ok(!markdown.includes('two\nlines'), 'no line break from a name');
      const html = versionsToHtml(d);
      assert.deepEqual(elements(html, ['img', 'script']), []);
      assert.ok(text(html).includes(NAME), 'the HTML shows the name as written');
    });

    it('model diff HTML: a cell ending in a backslash still splits, an escaped pipe does not (escapes read in order, not one lookbehind)', () => {
      const cells = ['dir\\', 'x | y', '**b**', 'plain'];
      const line = cells.map((c) => escapeMarkdown(c)).join(' | ');
      assert.deepEqual(splitUnescaped(line, ' | ').length, cells.length, line);
      assert.deepEqual(splitUnescaped('a\\\\ | b \\| c', ' | '), ['a\\\\', 'b \\| c']);
      assert.deepEqual(splitUnescaped('**x** \\** y', '**'), ['', 'x', ' \\** y']);
    });

    it('checks: text, Markdown, HTML and JUnit', () => {
      const r: ChecksReport = {
        config: join(dir, 'modellens.yml'), startedAt: new Date(0).toISOString(), durationMs: 5, status: 'fail', counts: { pass: 0, warn: 0, fail: 1, error: 0 },
        checks: [{ id: `drift/${NAME}`, kind: 'drift', title: `Drift ${NAME}`, status: 'fail', summary: `column ${NAME}\nforged\u001b[2J line`, findings: [{ severity: 'error', message: `${CAT}\nmore`, file: join(dir, 'a`b.csv'), line: 2 }], files: [], metrics: {}, durationMs: 1 }],
        models: [],
      };
      const t = checksToText(r);
      assert.doesNotMatch(t, /\u001b/);
      assert.equal(t.split('\n').filter((l) => l.includes('forged')).length, 1, 'the summary stays on its line');
      assert.ok(!t.split('\n').some((l) => l.startsWith('forged')));
      safeMarkdown(checksToMarkdown(r), 'checks md');
      assert.deepEqual(elements(checksToHtml(r), ['img']), []);
      const junit = parseDocument(checksToJunit(r), { xmlMode: true });
      assert.equal(DomUtils.findAll((e) => e.name === 'testcase', junit.children).length, 1);
    });
  });

  it('no renderer in src/core escapes by itself: only src/core/render/escape.ts', () => {
    const own = /&amp;|&lt;|\.replace\(\/\\\|\/g|'\\\\\|'/;
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith(join('render', 'escape.ts')) && own.test(readFileSync(p, 'utf8'))) offenders.push(relative(root, p));
      }
    };
    walk(join(root, 'src/core'));
    assert.deepEqual(offenders, [], 'escape through src/core/render/escape.ts');
  });
});
