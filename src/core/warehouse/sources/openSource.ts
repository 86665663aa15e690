import { InputError } from '../../errors';
import { BigQueryExecutor } from '../executors/bigquery';
import { openAthena } from './athenaSource';
import { DatabricksExecutor } from '../executors/databricks';
import { PostgresExecutor } from '../executors/postgres';
import { SnowflakeExecutor } from '../executors/snowflake';
import { TrinoExecutor } from '../executors/trino';
import type { HttpTransport } from '../http';
import type { WarehouseExecutor } from '../types';
import type { SecretRef, SourceConfig } from './sourceConfig';
import { own } from '../../dict';

/**
 * Where secret values come from: the CLI reads environment variables only; the editor adds VS Code's
 * SecretStorage for `${secret:NAME}`. Returns undefined when there is no value.
 */
export type SecretResolver = (ref: SecretRef) => Promise<string | undefined>;

export const envSecrets: SecretResolver = async (ref) => (ref.from === 'env' ? own(process.env, ref.name) : undefined);

/** The connection settings of a source with its secrets filled in, or an InputError naming the missing variable. */
export async function resolveSettings(source: SourceConfig, secrets: SecretResolver): Promise<Record<string, string | number>> {
  const out: Record<string, string | number> = Object.create(null) as Record<string, string | number>;
  for (const [k, v] of source.settings) out[k] = typeof v === 'string' ? expandEnv(v, source.name, k) : v;
  for (const [k, ref] of source.secrets) {
    const value = await secrets(ref);
    if (value === undefined || value === '') {
      const how = ref.from === 'env'
        ? `set the environment variable ${ref.name}`
        : `run "Model Lens: Connect to a Database…" in VS Code to store it (the CLI reads only environment variables: use \${env:NAME} for CI)`;
      throw new InputError('MISSING_SECRET', `source '${source.name}': '${k}' comes from ${ref.from === 'env' ? 'environment variable' : 'secret'} ${ref.name}, which is not set; ${how}.`, { source: source.name, key: k, ref });
    }
    out[k] = value;
  }
  return out;
}

/** `${env:NAME}` inside a plain setting (e.g. host: ${env:PGHOST}); other text is kept as written. */
function expandEnv(v: string, source: string, key: string): string {
  return v.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const value = own(process.env, name);
    if (value === undefined) throw new InputError('MISSING_SECRET', `source '${source}': '${key}' uses environment variable ${name}, which is not set.`, { source, key });
    return value;
  });
}

/** Opens an executor for a source (no query is sent until the first use). `transport`: tests only. */
export async function openSource(source: SourceConfig, secrets: SecretResolver = envSecrets, transport?: HttpTransport): Promise<WarehouseExecutor> {
  const s = await resolveSettings(source, secrets);
  const str = (k: string) => (own(s, k) === undefined ? undefined : String(own(s, k)));
  const num = (k: string) => (own(s, k) === undefined ? undefined : Number(own(s, k)));
  const common = { ...(num('timeoutMs') !== undefined ? { timeoutMs: num('timeoutMs')! } : {}), ...(transport ? { transport } : {}) };
  const defined = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  switch (source.engine) {
    case 'postgres': {
      const sslmode = str('sslmode');
      if (sslmode !== undefined && !['disable', 'require', 'verify-full'].includes(sslmode)) throw new InputError('BAD_SOURCE', `source '${source.name}': sslmode must be disable, require or verify-full; got '${sslmode}'.`);
      return new PostgresExecutor(defined({ host: str('host'), port: num('port'), database: str('database'), user: str('user'), password: str('password'), sslmode: sslmode as 'disable' | 'require' | 'verify-full' | undefined, maxConnections: num('maxConnections'), cancelGraceMs: num('cancelGraceMs'), timeoutMs: num('timeoutMs') }));
    }
    case 'databricks':
      return new DatabricksExecutor(defined({ ...common, host: str('host')!, warehouseId: str('warehouseId')!, token: str('token')!, catalog: str('catalog'), schema: str('schema') }));
    case 'trino': {
      const flavour = str('flavour');
      if (flavour !== undefined && flavour !== 'trino' && flavour !== 'presto') throw new InputError('BAD_SOURCE', `source '${source.name}': flavour must be trino or presto.`);
      return new TrinoExecutor(defined({ ...common, server: str('server')!, user: str('user')!, password: str('password'), catalog: str('catalog'), schema: str('schema'), flavour: flavour as 'trino' | 'presto' | undefined }));
    }
    case 'bigquery':
      return new BigQueryExecutor(defined({ ...common, project: str('project')!, location: str('location'), dataset: str('dataset'), accessToken: str('accessToken'), serviceAccountJson: str('serviceAccountJson'), maximumBytesBilled: num('maximumBytesBilled') }));
    case 'snowflake':
      return new SnowflakeExecutor(defined({ ...common, account: str('account')!, user: str('user')!, privateKey: str('privateKey'), privateKeyPassphrase: str('privateKeyPassphrase'), oauthToken: str('oauthToken'), warehouse: str('warehouse'), database: str('database'), schema: str('schema'), role: str('role') }));
    case 'athena':
      return openAthena(source, s, secrets, common);
  }
}
