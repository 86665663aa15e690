import type { ConfigReader, YamlPath } from '../../checks/configReader';
import { WAREHOUSE_ENGINES, type WarehouseEngine } from '../types';
import { parseByteSize } from '../costGuard';

/**
 * A `sources:` entry of modellens.yml: an engine and its connection settings. Secret settings hold only a
 * reference, `${env:NAME}` (an environment variable) or `${secret:NAME}` (VS Code's SecretStorage); a literal
 * secret in the file is refused, so a committed configuration can never leak one.
 */
export interface SourceConfig {
  name: string;
  engine: WarehouseEngine;
  /** Plain settings (host, database, warehouse …), by key. */
  settings: Map<string, string | number>;
  /** Secret settings: key → where its value comes from. */
  secrets: Map<string, SecretRef>;
  /** Ask before a scan the engine estimates above this many bytes (default 10 GB; 0 turns the guard off). */
  maxScanBytes: number;
}

export interface SecretRef {
  from: 'env' | 'secret';
  name: string;
}

interface EngineKeys {
  plain: readonly string[];
  numbers: readonly string[];
  secret: readonly string[];
  required: readonly string[];
}

/** The keys each engine takes; anything else in an entry is a located problem ('did you mean …'). */
export const ENGINE_KEYS: Record<WarehouseEngine, EngineKeys> = {
  postgres: { plain: ['host', 'database', 'user', 'sslmode', 'schema'], numbers: ['port', 'maxConnections', 'cancelGraceMs'], secret: ['password'], required: ['database'] },
  databricks: { plain: ['host', 'warehouseId', 'catalog', 'schema'], numbers: [], secret: ['token'], required: ['host', 'warehouseId', 'token'] },
  trino: { plain: ['server', 'user', 'catalog', 'schema', 'flavour'], numbers: [], secret: ['password'], required: ['server', 'user'] },
  bigquery: { plain: ['project', 'location', 'dataset'], numbers: ['maximumBytesBilled'], secret: ['accessToken', 'serviceAccountJson'], required: ['project'] },
  snowflake: { plain: ['account', 'user', 'warehouse', 'database', 'schema', 'role'], numbers: [], secret: ['privateKey', 'privateKeyPassphrase', 'oauthToken'], required: ['account', 'user'] },
  // Athena: credentials default to AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, region to AWS_REGION (sources/athenaSource.ts).
  athena: { plain: ['region', 'workgroup', 'database', 'catalog', 'outputLocation'], numbers: [], secret: ['accessKeyId', 'secretAccessKey', 'sessionToken'], required: [] },
};

const COMMON_KEYS = ['engine', 'timeoutMs', 'maxScanBytes'];
export const DEFAULT_MAX_SCAN_BYTES = 10e9;
const SOURCE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
const SECRET_REF = /^\$\{(env|secret):([A-Za-z_][A-Za-z0-9_.-]{0,127})\}$/;

/** Reads `sources:` (problems go to the reader, located at their line). Names are case-sensitive. */
export function readSources(r: ConfigReader): Map<string, SourceConfig> {
  const out = new Map<string, SourceConfig>();
  for (const name of r.keys(['sources'])) {
    const p: YamlPath = ['sources', name];
    if (!SOURCE_NAME.test(name)) { r.problem(p, `source name '${name}' must start with a letter and hold only letters, digits, '_' and '-' (it is written before ':' in references like ${'pg'}:schema.table).`); continue; }
    if (r.kindOf(p) !== 'map') { r.problem(p, `source '${name}' must be a mapping with an 'engine' and its connection settings.`); continue; }
    const engine = r.str([...p, 'engine'], true);
    if (!WAREHOUSE_ENGINES.includes(engine as WarehouseEngine)) { r.problem([...p, 'engine'], `engine '${engine}' is not supported; use one of ${WAREHOUSE_ENGINES.join(', ')}.`); continue; }
    const keys = ENGINE_KEYS[engine as WarehouseEngine];
    r.onlyKeys(p, [...COMMON_KEYS, ...keys.plain, ...keys.numbers, ...keys.secret]);
    const source: SourceConfig = { name, engine: engine as WarehouseEngine, settings: new Map(), secrets: new Map(), maxScanBytes: DEFAULT_MAX_SCAN_BYTES };
    for (const k of keys.plain) {
      const v = r.str([...p, k]);
      if (v !== undefined) source.settings.set(k, v);
    }
    for (const k of [...keys.numbers, 'timeoutMs']) {
      const v = r.num([...p, k], { min: 0, integer: true });
      if (v !== undefined) source.settings.set(k, v);
    }
    const scan = r.value([...p, 'maxScanBytes']);
    if (scan !== undefined && scan !== null) {
      const bytes = parseByteSize(scan);
      if (bytes === undefined) r.problem([...p, 'maxScanBytes'], `'maxScanBytes' must be a size such as 10GB, 500MB or 0 (no limit); got ${JSON.stringify(scan)}.`);
      else source.maxScanBytes = bytes;
    }
    for (const k of keys.secret) {
      const v = r.value([...p, k]);
      if (v === undefined || v === null) continue;
      const m = typeof v === 'string' ? SECRET_REF.exec(v.trim()) : null;
      if (!m) {
        r.problem([...p, k], `'${k}' is a secret and must not be written in a file: use \${env:NAME} (an environment variable) or \${secret:NAME} (stored with "Model Lens: Connect to a Database…" in VS Code's secret storage).`);
        continue;
      }
      source.secrets.set(k, { from: m[1] as 'env' | 'secret', name: m[2]! });
    }
    for (const k of keys.required) {
      if (!source.settings.has(k) && !source.secrets.has(k)) r.problem(p, `source '${name}' (${engine}) needs '${k}'.`);
    }
    out.set(name, source);
  }
  return out;
}
