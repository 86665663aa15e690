import * as vscode from 'vscode';
import type { TableRef } from '../../core/warehouse/types';
import type { SourceConfig } from '../../core/warehouse/sources/sourceConfig';
import { log } from '../log';
import { openEditorSource, workspaceSources } from './sourceHost';

type Node =
  | { kind: 'source'; source: SourceConfig }
  | { kind: 'table'; source: string; table: TableRef }
  | { kind: 'message'; text: string; tooltip?: string };

/** Quotes a reference part when it is not a bare name (sourceRef.ts reads it back). */
function refPart(p: string): string {
  return /^[^."\s]+$/.test(p) ? p : `"${p.replaceAll('"', '""')}"`;
}

export function tableRefText(source: string, t: TableRef): string {
  return `${source}:${[...t.namespace, t.name].map(refPart).join('.')}`;
}

/**
 * The Sources view: the databases declared under `sources:` in modellens.yml and, under each, the tables its
 * read-only session can see (information_schema). A table item profiles the table in the database.
 */
export class SourcesView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private tables = new Map<string, Promise<Node[]>>();

  refresh(): void {
    this.tables = new Map();
    this.changed.fire();
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind === 'source') {
      const item = new vscode.TreeItem(n.source.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = n.source.engine;
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = 'modelLens.source';
      item.tooltip = `${n.source.engine} source '${n.source.name}' (modellens.yml)`;
      return item;
    }
    if (n.kind === 'table') {
      const ref = tableRefText(n.source, n.table);
      const item = new vscode.TreeItem(n.table.name, vscode.TreeItemCollapsibleState.None);
      item.description = n.table.namespace.join('.');
      item.iconPath = new vscode.ThemeIcon('table');
      item.contextValue = 'modelLens.sourceTable';
      item.tooltip = `${ref}: profile it where it lives (only aggregates come back)`;
      item.command = { command: 'modelLens.profileTable', title: 'Profile Table', arguments: [ref] };
      return item;
    }
    const item = new vscode.TreeItem(n.text, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('info');
    if (n.tooltip) item.tooltip = n.tooltip;
    return item;
  }

  async getChildren(n?: Node): Promise<Node[]> {
    if (!n) {
      try {
        return [...workspaceSources().values()].map((source) => ({ kind: 'source', source }));
      } catch (e) {
        return [{ kind: 'message', text: 'modellens.yml has a problem', tooltip: e instanceof Error ? e.message : String(e) }];
      }
    }
    if (n.kind !== 'source') return [];
    let p = this.tables.get(n.source.name);
    if (!p) {
      p = listTables(n.source);
      this.tables.set(n.source.name, p);
    }
    return p;
  }
}

async function listTables(source: SourceConfig): Promise<Node[]> {
  try {
    const w = await openEditorSource(source);
    try {
      const tables = await w.listTables([], { timeoutMs: 30_000 });
      return tables.length ? tables.map((table) => ({ kind: 'table' as const, source: source.name, table })) : [{ kind: 'message', text: 'no tables visible to this user' }];
    } finally {
      await w.close();
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    log().warn(`Sources view: ${source.name}: ${msg}`);
    return [{ kind: 'message', text: `could not list tables: ${msg.slice(0, 80)}`, tooltip: msg }];
  }
}
