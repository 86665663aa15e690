import { own } from '../../dict';
import { InputError } from '../../errors';
import { AthenaExecutor } from '../executors/athena';
import type { RestSettings } from '../executors/poll';
import type { SecretResolver } from './openSource';
import type { SourceConfig } from './sourceConfig';

/** Where each AWS credential comes from when the source does not name its own variable or secret. */
const DEFAULT_ENV: readonly (readonly [key: string, variable: string])[] = [
  ['accessKeyId', 'AWS_ACCESS_KEY_ID'],
  ['secretAccessKey', 'AWS_SECRET_ACCESS_KEY'],
  ['sessionToken', 'AWS_SESSION_TOKEN'],
];

/**
 * Opens an Athena source. Credentials are the source's `${env:…}` / `${secret:…}` references when given, else
 * the standard AWS environment variables (as the AWS CLI reads them; no files such as ~/.aws/credentials are
 * read). The region is the source's, else AWS_REGION, else AWS_DEFAULT_REGION.
 */
export async function openAthena(source: SourceConfig, settings: Record<string, string | number>, secrets: SecretResolver, common: RestSettings): Promise<AthenaExecutor> {
  const value = async (key: string, variable: string): Promise<string | undefined> => {
    const given = own(settings, key);
    if (given !== undefined) return String(given);
    return (await secrets({ from: 'env', name: variable })) || undefined;
  };
  const [accessKeyId, secretAccessKey, sessionToken] = await Promise.all(DEFAULT_ENV.map(([k, v]) => value(k, v)));
  if (!accessKeyId || !secretAccessKey) {
    const missing = DEFAULT_ENV.slice(0, 2).filter((_, i) => ![accessKeyId, secretAccessKey][i]).map(([k, v]) => `${k} (environment variable ${v})`);
    throw new InputError('MISSING_SECRET', `source '${source.name}' (athena): no AWS ${missing.join(' and ')}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), or point accessKeyId / secretAccessKey at \${env:NAME} or \${secret:NAME} in modellens.yml.`, { source: source.name });
  }
  const str = (k: string) => (own(settings, k) === undefined ? undefined : String(own(settings, k)));
  const region = str('region') ?? own(process.env, 'AWS_REGION') ?? own(process.env, 'AWS_DEFAULT_REGION');
  if (!region) throw new InputError('BAD_SOURCE', `source '${source.name}' (athena): no region. Add 'region: us-east-1' (your region) to the source in modellens.yml, or set AWS_REGION.`, { source: source.name });
  const optional = Object.fromEntries(['workgroup', 'database', 'catalog', 'outputLocation'].map((k) => [k, str(k)]).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  return new AthenaExecutor({ ...common, ...optional, region, credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } });
}
