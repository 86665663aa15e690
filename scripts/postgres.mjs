// A throwaway PostgreSQL server for the tests and the benchmark: `node scripts/postgres.mjs start|stop|url`.
// Uses Debian's `postgresql` package binaries (/usr/lib/postgresql/<version>/bin); never the system cluster.
// - start: idempotent. Creates a cluster under $TMPDIR/model-lens-postgres-<uid>-<hash of this repo> (trust
//   authentication, listening on 127.0.0.1 only), starts it on port 55432 (or the next free one), creates the
//   database `modellens`, and writes its URL to .cache/postgres.json. As root the server runs as the `postgres`
//   user (initdb refuses root); without root it runs as you. A running server is reused.
// - stop: stops that server (the cluster's files stay, so the next start is fast).
// - url: prints the URL, or exits 1 when no server is running.
// Tests and the bench read .cache/postgres.json or MODEL_LENS_PG_URL; without either they skip with a message.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const infoFile = join(repo, '.cache', 'postgres.json');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
const clusterDir = join(tmpdir(), `model-lens-postgres-${uid}-${createHash('sha256').update(repo).digest('hex').slice(0, 8)}`);
const dataDir = join(clusterDir, 'data');

export function findBinDir() {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(base, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? dirname(which.stdout.trim()) : undefined;
}

function asServerUser(bin, args, options = {}) {
  const cmd = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd[0], cmd[1], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

function freePort(start) {
  return new Promise((resolvePort) => {
    const tryPort = (p) => {
      const s = createServer();
      s.once('error', () => tryPort(p + 1));
      s.listen(p, '127.0.0.1', () => s.close(() => resolvePort(p)));
    };
    tryPort(start);
  });
}

function readInfo() {
  try {
    return JSON.parse(readFileSync(infoFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function running(bin) {
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return false;
  const r = isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), 'status', '-D', dataDir]) : spawnSync(join(bin, 'pg_ctl'), ['status', '-D', dataDir]);
  return r.status === 0;
}

export async function start() {
  const bin = findBinDir();
  if (!bin) {
    console.error(`PostgreSQL is not installed, so its tests will be skipped. Install Debian's package: ${isRoot ? '' : 'sudo '}apt-get install -y postgresql (the system cluster need not run; this script starts its own).`);
    return undefined;
  }
  if (isRoot && spawnSync('id', ['postgres']).status !== 0) {
    console.error("Running as root but there is no 'postgres' user (it comes with Debian's postgresql package); PostgreSQL tests will be skipped.");
    return undefined;
  }
  const info = readInfo();
  if (info && running(bin)) {
    console.log(`PostgreSQL already running: ${info.url}`);
    return info.url;
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(clusterDir, { recursive: true, force: true });
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (isRoot) {
      const pw = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
      const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
      chownSync(clusterDir, Number(pw), Number(gid));
    }
    asServerUser(join(bin, 'initdb'), ['-D', dataDir, '--auth=trust', '--encoding=UTF8', '--locale=C', '-U', 'modellens']);
  }
  const port = await freePort(Number(process.env.MODEL_LENS_PG_PORT ?? 55432));
  const log = join(clusterDir, 'server.log');
  // Small, test-sized settings; the benchmark's 100M-row table needs more work_mem than the default 4MB for its GROUP BYs.
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c work_mem=64MB -c shared_buffers=256MB -c max_parallel_workers_per_gather=2`;
  asServerUser(join(bin, 'pg_ctl'), ['start', '-D', dataDir, '-l', log, '-w', '-t', '60', '-o', opts]);
  const url = `postgres://modellens@127.0.0.1:${port}/modellens`;
  const psql = join(bin, 'psql');
  const exists = asServerUser(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'modellens', '-d', 'postgres', '-tAc', "SELECT 1 FROM pg_database WHERE datname = 'modellens'"]).trim();
  if (exists !== '1') asServerUser(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'modellens', '-d', 'postgres', '-c', 'CREATE DATABASE modellens']);
  mkdirSync(dirname(infoFile), { recursive: true });
  writeFileSync(infoFile, `${JSON.stringify({ url, dataDir, port, log }, null, 2)}\n`);
  console.log(`PostgreSQL ${asServerUser(join(bin, 'postgres'), ['--version']).trim()} running: ${url} (data ${dataDir}, log ${log})`);
  return url;
}

export function stop() {
  const bin = findBinDir();
  if (bin && running(bin)) {
    asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w']);
    console.log('PostgreSQL stopped');
  }
  rmSync(infoFile, { force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'start';
  if (what === 'start') await start();
  else if (what === 'stop') stop();
  else if (what === 'url') {
    const info = readInfo();
    const bin = findBinDir();
    if (info && bin && running(bin)) console.log(info.url);
    else process.exitCode = 1;
  } else {
    console.error('usage: node scripts/postgres.mjs start|stop|url');
    process.exitCode = 2;
  }
}
