import * as vscode from 'vscode';
import { CancelledError, InputError } from '../core/errors';
import { describeLimitError } from '../core/io/engineLimits';
import { sanitizeMessage } from '../core/io/sanitize';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Model Lens', { log: true });
  return channel;
}

/**
 * The one wrapper around every command: errors are logged with their stack and shown with a
 * "Show Log" action; cancellation is silent; nothing escapes to crash the extension host.
 */
export function guarded<A extends unknown[]>(name: string, body: (...args: A) => Promise<unknown>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (e) {
      await reportError(name, e);
    }
  };
}

export interface ReportedError {
  command: string;
  code?: string;
  message: string;
}

let last: ReportedError | undefined;

/** The last error shown to the user (read by integration tests through the extension's API). */
export function lastReportedError(): ReportedError | undefined {
  return last;
}

/** Log the error and show it with a "Show Log" action; does not wait for the notification to be dismissed. */
export async function reportError(name: string, caught: unknown): Promise<void> {
  const e = describeLimitError(caught, 'extension') ?? caught;
  if (e instanceof CancelledError) {
    log().info(`${name}: cancelled`);
    return;
  }
  const message = sanitizeMessage(e instanceof Error ? e.message : String(e));
  if (e instanceof InputError) log().warn(`${name}: [${e.code}] ${message}`);
  else log().error(`${name}: ${e instanceof Error ? (e.stack ?? message) : message}`);
  last = { command: name, message, ...(e instanceof InputError ? { code: e.code } : {}) };
  void vscode.window.showErrorMessage(`Model Lens: ${message}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log().show(true);
  });
}
