import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { WorkspaceConfig } from '../../core/checks/config';
import type { ChecksReport, Finding } from '../../core/checks/types';
import { headerCell } from '../../core/data/headerCells';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The first line of a CSV/TSV file (up to 64 KB) and its delimiter; undefined for other formats. */
export function readHeaderLine(path: string): { line: string; delimiter: string } | undefined {
  const m = /\.(csv|tsv|tab)$/i.exec(path);
  if (!m) return undefined;
  try {
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(65536);
    let n = 0;
    try { n = readSync(fd, buf, 0, buf.length, 0); } finally { closeSync(fd); }
    return { line: buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0] ?? '', delimiter: m[1]!.toLowerCase() === 'csv' ? ',' : '\t' };
  } catch {
    return undefined;
  }
}

/** The range of a column's name in a CSV/TSV header, if the file has one and the column is in it. */
export function columnRange(path: string, column: string, headers = new Map<string, ReturnType<typeof readHeaderLine>>()): vscode.Range | undefined {
  if (!headers.has(path)) headers.set(path, readHeaderLine(path));
  const h = headers.get(path);
  const cell = h ? headerCell(h.line, column, h.delimiter) : undefined;
  return cell ? new vscode.Range(0, cell.start, 0, cell.end) : undefined;
}

/**
 * Problems for a checks run: a finding with a line sits on that line; one about a column of a CSV/TSV file sits
 * on that column's header cell; any other sits on the check's entry in modellens.yml (never at line 1,
 * column 1 of a data file, where it would point at nothing).
 */
export function findingDiagnostics(report: ChecksReport, config: WorkspaceConfig | undefined, configFile: string): Map<string, vscode.Diagnostic[]> {
  const byFile = new Map<string, vscode.Diagnostic[]>();
  const headers = new Map<string, ReturnType<typeof readHeaderLine>>();
  const add = (file: string, d: vscode.Diagnostic) => byFile.set(file, [...(byFile.get(file) ?? []), d]);
  for (const c of report.checks) {
    if (c.status === 'pass') continue;
    const at = config?.checks.find((p) => p.id === c.id)?.at;
    for (const f of c.findings) {
      let file = f.file;
      let range: vscode.Range | undefined;
      let message = f.message;
      if (file && f.line !== undefined) range = new vscode.Range(f.line - 1, 0, f.line - 1, Number.MAX_SAFE_INTEGER);
      else if (file && f.column !== undefined) range = columnRange(file, f.column, headers);
      if (!range || !file) {
        const line = Math.max(0, (at?.line ?? 1) - 1);
        const col = Math.max(0, (at?.col ?? 1) - 1);
        range = new vscode.Range(line, col, line, Number.MAX_SAFE_INTEGER);
        message = file && file !== configFile ? `${basename(file)}: ${f.message}` : f.message;
        file = configFile;
      }
      const d = new vscode.Diagnostic(range, message, SEVERITY[f.severity]);
      d.source = 'Model Lens';
      d.code = c.id;
      add(file, d);
    }
  }
  return byFile;
}
