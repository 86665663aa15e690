import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

let cached: Promise<string | undefined> | undefined;
let warned = false;

/**
 * The test PostgreSQL server's URL: MODEL_LENS_PG_URL, else the one `node scripts/postgres.mjs start` wrote to
 * .cache/postgres.json (.ci/run starts it). Undefined, with one message, when none answers: the PostgreSQL
 * tests then skip.
 */
export function pgUrl(): Promise<string | undefined> {
  cached ??= (async () => {
    let url = process.env['MODEL_LENS_PG_URL'];
    if (!url) {
      try {
        url = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '.cache', 'postgres.json'), 'utf8')) as { url?: string }).url;
      } catch {
        url = undefined;
      }
    }
    if (url) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      try {
        await c.connect();
        return url;
      } catch {
        url = undefined;
      } finally {
        await c.end().catch(() => undefined);
      }
    }
    if (!warned) {
      warned = true;
      process.stderr.write('PostgreSQL tests skipped: no server. Start one with `node scripts/postgres.mjs start` (needs Debian\'s postgresql package), or set MODEL_LENS_PG_URL.\n');
    }
    return undefined;
  })();
  return cached;
}

/** Settings for PostgresExecutor from a URL. */
export function settingsFromUrl(url: string): { host: string; port: number; database: string; user: string; password?: string } {
  const u = new URL(url);
  const s = { host: u.hostname, port: Number(u.port || 5432), database: decodeURIComponent(u.pathname.slice(1)), user: decodeURIComponent(u.username) };
  return u.password ? { ...s, password: decodeURIComponent(u.password) } : s;
}

/** Runs setup SQL (writes allowed: this is the test's own connection, not an executor). */
export async function pgExec(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A modellens.yml `sources:` block naming the test server as the source `pg` (no password: the server trusts local users). */
export function pgSourceYaml(u: URL): string {
  return `sources:
  pg:
    engine: postgres
    host: ${u.hostname}
    port: ${u.port}
    database: ${u.pathname.slice(1)}
    user: ${u.username}
`;
}
