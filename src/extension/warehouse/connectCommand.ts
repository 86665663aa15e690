import * as vscode from 'vscode';
import { isMap, parseDocument } from 'yaml';
import { readSources } from '../../core/warehouse/sources/sourceConfig';
import { ConfigReader } from '../../core/checks/configReader';
import { WAREHOUSE_ENGINES, type WarehouseEngine } from '../../core/warehouse/types';
import { openEditorSource, requireSourceTrust, secretKey, workspaceConfigFile } from './sourceHost';
import { dict, own } from '../../core/dict';

/** What "Connect to a Database…" asks per engine: plain settings (with defaults) and the one secret. */
const PROMPTS: Record<WarehouseEngine, { label: string; plain: [key: string, prompt: string, fallback?: string][]; secret?: [key: string, prompt: string]; more?: [key: string, prompt: string][] }> = {
  postgres: { label: 'PostgreSQL', plain: [['host', 'Host', 'localhost'], ['port', 'Port', '5432'], ['database', 'Database'], ['user', 'User']], secret: ['password', 'Password (kept in VS Code\'s secret storage; leave empty for none)'] },
  databricks: { label: 'Databricks SQL', plain: [['host', 'Workspace host, e.g. adb-123.4.azuredatabricks.net'], ['warehouseId', 'SQL warehouse id'], ['catalog', 'Catalog', 'main']], secret: ['token', 'Access token (kept in VS Code\'s secret storage)'] },
  trino: { label: 'Trino / Presto', plain: [['server', 'Server URL, e.g. https://trino.example.com:8443'], ['user', 'User'], ['catalog', 'Catalog'], ['schema', 'Schema']], secret: ['password', 'Password (https only; leave empty for none)'] },
  bigquery: { label: 'BigQuery', plain: [['project', 'Project id'], ['location', 'Location, e.g. EU (optional)', ''], ['dataset', 'Default dataset (optional)', '']], secret: ['serviceAccountJson', 'Service account key JSON (paste its contents; kept in VS Code\'s secret storage)'] },
  athena: {
    label: 'Amazon Athena', plain: [['region', 'AWS region, e.g. us-east-1'], ['workgroup', 'Workgroup', 'primary'], ['database', 'Database (Glue database)'], ['catalog', 'Data catalog', 'AwsDataCatalog'], ['outputLocation', 'Result location s3://… (optional when the workgroup sets one)', '']],
    secret: ['secretAccessKey', 'AWS secret access key (kept in VS Code\'s secret storage; leave empty to use AWS_SECRET_ACCESS_KEY from the environment)'],
    more: [['accessKeyId', 'AWS access key id (kept in VS Code\'s secret storage; leave empty to use AWS_ACCESS_KEY_ID)'], ['sessionToken', 'AWS session token, for temporary credentials only (leave empty otherwise)']],
  },
  snowflake: { label: 'Snowflake', plain: [['account', 'Account identifier, e.g. myorg-myaccount'], ['user', 'User'], ['warehouse', 'Warehouse'], ['database', 'Database'], ['schema', 'Schema', 'PUBLIC'], ['role', 'Role with SELECT-only grants (optional)', '']], secret: ['privateKey', 'Private key PEM for key-pair login (kept in VS Code\'s secret storage)'] },
};

/** Arguments tests and other extensions may pass instead of answering the prompts. */
export interface ConnectArgs {
  name: string;
  engine: WarehouseEngine;
  settings: Record<string, string | number>;
  secret?: string;
  /** Further secrets by key, for engines with more than one (Athena: accessKeyId, sessionToken). */
  secrets?: Record<string, string>;
}

function isConnectArgs(v: unknown): v is ConnectArgs {
  return typeof v === 'object' && v !== null && typeof (v as ConnectArgs).name === 'string' && WAREHOUSE_ENGINES.includes((v as ConnectArgs).engine) && typeof (v as ConnectArgs).settings === 'object';
}

/**
 * "Model Lens: Connect to a Database…": asks for the engine and its settings, stores the secret in VS Code's
 * SecretStorage (never in a file), adds the source to modellens.yml with `${secret:NAME}` in place of the
 * secret, then lists the tables to prove the connection. Returns the source's name.
 */
export async function connectDatabaseCommand(arg?: unknown): Promise<string | undefined> {
  const file = workspaceConfigFile();
  if (!file) throw new Error('Open a folder first: the connection is saved in its modellens.yml.');
  requireSourceTrust();
  const args = isConnectArgs(arg) ? arg : await ask();
  if (!args) return undefined;
  const entry: Record<string, string | number> = dict([['engine', args.engine]]);
  for (const [k, v] of Object.entries(args.settings)) if (v !== '') entry[k] = /^\d+$/.test(String(v)) && (k === 'port' || k === 'timeoutMs') ? Number(v) : v;
  const secretKeyName = PROMPTS[args.engine].secret?.[0];
  if (secretKeyName && args.secret) {
    const name = `${args.name}.${secretKeyName}`;
    await secrets!.store(secretKey(name), args.secret);
    entry[secretKeyName] = `\${secret:${name}}`;
  }
  for (const [key] of PROMPTS[args.engine].more ?? []) {
    const value = own(args.secrets, key);
    if (typeof value !== 'string' || !value) continue;
    const name = `${args.name}.${key}`;
    await secrets!.store(secretKey(name), value);
    entry[key] = `\${secret:${name}}`;
  }
  let text = '';
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    text = '';
  }
  const doc = parseDocument(text || '{}');
  if (!isMap(doc.get('sources', true))) doc.set('sources', doc.createNode({}));
  doc.setIn(['sources', args.name], doc.createNode(entry));
  const out = doc.toString();
  const reader = new ConfigReader(out, 'modellens.yml', file.fsPath);
  const sources = readSources(reader);
  if (reader.problems.length) throw new Error(`the connection settings are not valid: ${reader.problems.map((p) => p.message).join(' ')}`);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(out));
  await vscode.commands.executeCommand('modelLens.refreshSources');
  const w = await openEditorSource(sources.get(args.name)!);
  try {
    const tables = await w.listTables([], { timeoutMs: 30_000 });
    void vscode.window.showInformationMessage(`Connected to ${w.location}: ${tables.length} table${tables.length === 1 ? '' : 's'} visible. The source '${args.name}' is saved in modellens.yml (its secret in VS Code's secret storage).`);
  } finally {
    await w.close();
  }
  return args.name;
}

let secrets: vscode.SecretStorage | undefined;
export function connectUsesSecrets(s: vscode.SecretStorage): void {
  secrets = s;
}

async function ask(): Promise<ConnectArgs | undefined> {
  const pick = await vscode.window.showQuickPick(WAREHOUSE_ENGINES.map((e) => ({ label: PROMPTS[e].label, engine: e })), { placeHolder: 'Which kind of database?' });
  if (!pick) return undefined;
  const name = await vscode.window.showInputBox({
    prompt: 'A name for this source (used as <name>:<table> in references)', value: pick.engine === 'postgres' ? 'pg' : 'warehouse',
    validateInput: (v) => (/^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(v) ? undefined : 'Start with a letter; letters, digits, _ and - only.'),
  });
  if (!name) return undefined;
  const settings: Record<string, string> = dict();
  for (const [key, prompt, fallback] of PROMPTS[pick.engine].plain) {
    const v = await vscode.window.showInputBox({ prompt, value: fallback ?? '', ignoreFocusOut: true });
    if (v === undefined) return undefined;
    settings[key] = v.trim();
  }
  const s = PROMPTS[pick.engine].secret;
  const secret = s ? await vscode.window.showInputBox({ prompt: s[1], password: true, ignoreFocusOut: true }) : undefined;
  if (s && secret === undefined) return undefined;
  const more: Record<string, string> = dict();
  for (const [key, prompt] of PROMPTS[pick.engine].more ?? []) {
    const v = await vscode.window.showInputBox({ prompt, password: true, ignoreFocusOut: true });
    if (v === undefined) return undefined;
    if (v) more[key] = v;
  }
  return { name, engine: pick.engine, settings, ...(secret ? { secret } : {}), ...(Object.keys(more).length ? { secrets: more } : {}) };
}
