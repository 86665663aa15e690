import { readFileSync } from 'node:fs';
import Module, { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

/**
 * An internal error's stack trace with the CLI bundle's frames mapped to the TypeScript sources, so a bug report
 * says `src/core/drift/compareSides.ts:120:7` instead of `dist/cliMain.js:1:2345678` (the bundle is written without
 * whitespace: most of it is a few very long lines). Only the error path pays: the bundle's source map
 * (`<bundle>.map`, written by development builds; a production build has none and its frames stay as they are) is
 * read when an internal error is reported, not at start-up.
 *
 * `bundle` is the file loadCli (launch.ts) compiled through Module.wrap: its first line starts after the wrapper's
 * text, so columns of line 1 are shifted by that length. Frames of other files are left unchanged.
 */
export function mapBundleStack(stack: string, bundle: string): string {
  let map: SourceMap | undefined;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    return stack;
  }
  const wrapped = Module.wrap('\0').indexOf('\0');
  const root = dirname(bundle);
  return stack
    .split('\n')
    .map((line) =>
      line.replace(/(\(|at )([^()\s][^()]*?):(\d+):(\d+)(\)?)$/, (whole, open: string, file: string, l: string, c: string, close: string) => {
        if (resolve(file) !== resolve(bundle)) return whole;
        const lineNo = Number(l) - 1;
        const column = Number(c) - 1 - (lineNo === 0 ? wrapped : 0);
        const entry = map!.findEntry(lineNo, Math.max(0, column)) as { originalSource?: string; originalLine?: number; originalColumn?: number };
        if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
        // Named from the package's folder (the bundle's folder's parent): the same text on every machine.
        const source = relative(dirname(root), resolve(root, entry.originalSource.replace(/^file:\/\//, ''))).split('\\').join('/');
        return `${open}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}${close}`;
      }),
    )
    .join('\n');
}
