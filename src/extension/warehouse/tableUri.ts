import * as vscode from 'vscode';

/** A warehouse table as a URI for panels that key on URIs: modellens-table:/<source>/<encoded table reference>. */
export const TABLE_SCHEME = 'modellens-table';

export function tableUri(source: string, table: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TABLE_SCHEME, path: `/${source}/${encodeURIComponent(table)}` });
}

export function isTableUri(uri: vscode.Uri): boolean {
  return uri.scheme === TABLE_SCHEME;
}

/** The `--source` reference (`source:table`) a table URI stands for. */
export function refOfTableUri(uri: vscode.Uri): string {
  const [, source, table] = uri.path.split('/');
  return `${source ?? ''}:${decodeURIComponent(table ?? '')}`;
}
