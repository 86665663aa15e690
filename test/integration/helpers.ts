// Shared by the integration tests (bundled into each; not a test file itself).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelLensApi } from '../../src/extension/extension';

/** The extension's API, activating it if needed. */
export async function api(): Promise<ModelLensApi> {
  const ext = vscode.extensions.getExtension<ModelLensApi>('model-lens.model-lens');
  assert.ok(ext, 'model-lens.model-lens is installed in the test host');
  return ext.isActive ? ext.exports : ext.activate();
}

/** A file of the fixture workspace (test/fixtures/workspace). */
export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host test run opens test/fixtures/workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Polls `get` every 200 ms until it returns a value (workbench state updates asynchronously). */
export async function waitFor<T>(what: string, get: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** waitFor under the name the evaluate and history tests use. */
export const until = waitFor;
