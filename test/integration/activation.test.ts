// Runs inside the real extension host (code-server), with test/fixtures/workspace open.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { evaluateWhen } from './whenClause';

const EXTENSION_ID = 'model-lens.model-lens';
const COMMAND = 'modelLens.profileDataset';

/** Polls `probe` until it returns true; the workbench updates state asynchronously. */
async function waitFor(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host test run must open test/fixtures/workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Language id VS Code would give a file name, from every installed extension's `contributes.languages`. */
function languageOf(fileName: string): string | undefined {
  const lower = fileName.toLowerCase();
  for (const ext of vscode.extensions.all) {
    const languages: unknown = ext.packageJSON?.contributes?.languages;
    if (!Array.isArray(languages)) continue;
    for (const lang of languages as { id?: string; extensions?: string[]; filenames?: string[] }[]) {
      if (lang.filenames?.some((f) => f.toLowerCase() === lower)) return lang.id;
      if (lang.extensions?.some((e) => lower.endsWith(e.toLowerCase()))) return lang.id;
    }
  }
  return undefined;
}

/** The context keys the Explorer sets for a right-clicked file (vs/workbench/common/contextkeys.ts ResourceContextKey). */
function explorerContext(fileName: string, folder: vscode.Uri): Record<string, unknown> {
  const uri = vscode.Uri.joinPath(folder, fileName);
  const dot = fileName.lastIndexOf('.');
  return {
    resource: uri.toString(),
    resourceScheme: uri.scheme,
    resourceFilename: fileName,
    resourceDirname: folder.path,
    resourcePath: uri.path,
    resourceExtname: dot >= 0 ? fileName.slice(dot) : '',
    resourceLangId: languageOf(fileName),
    explorerResourceIsFolder: false,
    explorerResourceIsRoot: false,
    explorerViewletVisible: true,
    filesExplorerFocus: true,
  };
}

describe('extension activation', () => {
  it('activates when a CSV from the workspace is opened and registers modelLens.profileDataset', async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri('loans_small.csv'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.lineCount >= 13, true, 'loans_small.csv has a header and 12 rows');

    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repo root?)`);
    await waitFor(() => ext.isActive, 30_000, `${EXTENSION_ID} to activate`);

    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND), `${COMMAND} is not registered`);
  });
});

describe('manifest: Explorer context menu for Profile Dataset', () => {
  const shown = ['loans.csv', 'loans.tsv', 'loans.parquet', 'loans.jsonl', 'loans.arrow', 'loans.feather'];
  const hidden = ['notes.txt', 'train.py', 'README.md', 'loans.csv.bak'];

  function whenClause(): string {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    // The commands sit in one "Model Lens" submenu of the Explorer's context menu (issue 22): shown when both the
    // submenu's and the entry's when clauses hold.
    const menus = ext.packageJSON?.contributes?.menus as Record<string, { command?: string; submenu?: string; when?: string }[]> | undefined;
    const top = menus?.['explorer/context']?.find((e) => e.submenu === 'modelLens.explorer');
    assert.ok(top?.when, 'the Explorer context menu has a "Model Lens" submenu with a when clause');
    const entry = menus?.['modelLens.explorer']?.find((e) => e.command === COMMAND);
    assert.ok(entry, `no entry for ${COMMAND} in the Model Lens submenu`);
    assert.ok(entry.when, `the submenu entry for ${COMMAND} has no when clause, so it shows for every file`);
    return `(${top.when}) && (${entry.when})`;
  }

  it('matches every dataset extension', () => {
    const clause = whenClause();
    const folder = fixtureUri('.');
    for (const name of shown) {
      assert.equal(evaluateWhen(clause, explorerContext(name, folder)), true, `"${clause}" should show for ${name}`);
    }
  });

  it('does not match text, Python or Markdown files', () => {
    const clause = whenClause();
    const folder = fixtureUri('.');
    for (const name of hidden) {
      assert.equal(evaluateWhen(clause, explorerContext(name, folder)), false, `"${clause}" should not show for ${name}`);
    }
  });
});
