import * as vscode from 'vscode';
import { Engine } from '../core/data/engine';
import { CancelledError } from '../core/errors';

let engine: Promise<Engine> | undefined;

/** The extension's DuckDB engine, created on first use (not at activation) and closed on deactivate. */
export function getEngine(): Promise<Engine> {
  const cfg = vscode.workspace.getConfiguration('modelLens');
  engine ??= Engine.create({ memoryLimit: cfg.get<string>('engine.memoryLimit', '1GB') });
  return engine;
}

export async function disposeEngine(): Promise<void> {
  const e = engine;
  engine = undefined;
  if (e) (await e).close();
}

/** Run long work with a cancellable notification; the token aborts the DuckDB query for real. */
export async function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, report: (fraction: number, message?: string) => void) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    let done = 0;
    try {
      const result = await work(controller.signal, (fraction, message) => {
        const pct = Math.max(done, Math.min(100, Math.round(fraction * 100)));
        progress.report({ increment: pct - done, ...(message ? { message } : {}) });
        done = pct;
      });
      if (controller.signal.aborted) throw new CancelledError();
      return result;
    } finally {
      sub.dispose();
    }
  });
}
