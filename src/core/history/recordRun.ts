import type { ChecksReport } from '../checks/types';
import { runRecord } from './historyRecord';
import { appendRun } from './historyStore';

/**
 * Appends a run of the checks to the workspace's history (`<baseDir>/.modellens/history/<host>.jsonl`) and
 * returns the file written. `source` says who ran it: 'cli', 'ci' or 'vscode'.
 */
export function recordRun(report: ChecksReport, baseDir: string, source: string): string {
  return appendRun(baseDir, runRecord(report, baseDir, source));
}
