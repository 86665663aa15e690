import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../../errors';
import type { ModelVersion } from '../types';
import { tempCopy } from './tempCopy';

export interface GitCommit {
  hash: string;
  short: string;
  author: string;
  /** ISO 8601 author date. */
  date: string;
  subject: string;
  /** The file's path in the repository at that commit (it may have been renamed since). */
  path: string;
}

const MAX_BUFFER = 512 * 1024 * 1024;

/** Runs git with an argument array (never a shell string), read-only commands only. */
export function git(cwd: string, args: string[], encoding: 'utf8' | 'buffer' = 'utf8'): Promise<string | Buffer> {
  return new Promise((ok, fail) => {
    execFile('git', args, { cwd, maxBuffer: MAX_BUFFER, encoding: encoding === 'buffer' ? 'buffer' : 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') fail(new InputError('GIT_NOT_FOUND', 'git was not found on PATH; install git to compare with earlier revisions.'));
        else fail(new InputError('GIT_FAILED', `git ${args[0]} failed in ${cwd}: ${String(stderr).trim().split('\n')[0] || err.message}`, { args }));
      } else ok(stdout);
    });
  });
}

/** The repository root holding `file`, or null when it is not in a git work tree (or git is missing). */
export async function gitRoot(file: string): Promise<string | null> {
  try {
    return String(await git(dirname(resolve(file)), ['rev-parse', '--show-toplevel'])).trim() || null;
  } catch {
    return null;
  }
}

/** The file's path relative to the repository root, '/'-separated; the file itself may be gone (deleted since). */
function repoPath(root: string, file: string): string {
  const abs = resolve(file);
  let dir = dirname(abs);
  try {
    dir = realpathSync(dir);
  } catch {
    throw new InputError('FILE_NOT_FOUND', `Folder ${dir} does not exist.`, { path: abs });
  }
  return relative(realpathSync(root), join(dir, basename(abs))).split(sep).join('/');
}

/** Commits that touched the file, newest first, following renames (`git log --follow`). */
export async function gitLog(file: string, max = 200): Promise<GitCommit[]> {
  const root = await gitRoot(file);
  if (!root) throw new InputError('NOT_IN_GIT', `${file} is not inside a git repository, so it has no earlier revisions to compare with.`, { file });
  const rel = repoPath(root, file);
  const out = String(await git(root, ['log', '--follow', `--max-count=${max}`, '--name-only', '--format=%x1e%H%x1f%h%x1f%an%x1f%aI%x1f%s', '--', rel]));
  // A commit whose record names no file did not change this one (a merge, or a commit --follow pulled in): the
  // "versions of this model" list showed such commits; only commits that changed the file are versions of it.
  return out.split('\x1e').filter((s) => s.trim()).flatMap((rec) => {
    const [head, ...rest] = rec.split('\n');
    const [hash, short, author, date, subject] = head!.split('\x1f') as [string, string, string, string, string];
    const path = rest.map((l) => l.trim()).find(Boolean);
    return path ? [{ hash, short, author, date, subject, path }] : [];
  });
}

/** True when the working copy of the file differs from HEAD (or is untracked). */
export async function isModified(file: string): Promise<boolean> {
  const root = await gitRoot(file);
  if (!root) return false;
  const out = String(await git(root, ['status', '--porcelain', '--', repoPath(root, file)]));
  return out.trim().length > 0;
}

/** The file as it was at `rev` (`git show REV:path`), in a temp copy; nothing is written into the repository. */
export async function gitVersion(file: string, rev: string, commit?: GitCommit): Promise<ModelVersion> {
  if (!/^[\w./~^@{}-]+$/.test(rev) || rev.startsWith('-')) throw new InputError('BAD_ARGUMENT', `'${rev}' is not a git revision (use a commit hash, a branch, a tag or HEAD~1).`);
  const root = await gitRoot(file);
  if (!root) throw new InputError('NOT_IN_GIT', `${file} is not inside a git repository; 'git:${rev}' needs one.`, { file });
  const rel = commit?.path ?? repoPath(root, file);
  const hash = String(await git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).catch(() => '')).trim();
  if (!hash) throw new InputError('GIT_REVISION', `git revision '${rev}' was not found in ${root}.`, { rev });
  const bytes = (await git(root, ['show', `${hash}:${rel}`], 'buffer').catch(() => {
    throw new InputError('GIT_REVISION', `${rel} does not exist at git revision '${rev}' (${hash.slice(0, 7)}).`, { rev, path: rel });
  })) as Buffer;
  const meta = commit ?? (await commitInfo(root, hash, rel));
  const tmp = tempCopy(basename(rel), bytes);
  return {
    label: `${basename(rel)} @ ${hash.slice(0, 7)}`,
    source: 'git', file: tmp.file, name: rel, bytes: bytes.length, params: {}, metrics: {},
    info: { revision: rev, commit: hash, author: meta.author, date: meta.date, message: meta.subject },
    dispose: tmp.dispose,
  };
}

async function commitInfo(root: string, hash: string, path: string): Promise<GitCommit> {
  const [h, short, author, date, subject] = String(await git(root, ['show', '-s', '--format=%H%x1f%h%x1f%an%x1f%aI%x1f%s', hash])).trim().split('\x1f') as [string, string, string, string, string];
  return { hash: h, short, author, date, subject, path };
}

/**
 * "Previous" for a file: HEAD when the working copy has uncommitted changes, otherwise the commit before the
 * last one that touched it. null when there is none (a single commit).
 */
export async function previousRevision(file: string): Promise<GitCommit | null> {
  const log = await gitLog(file, 2);
  if (await isModified(file)) return log[0] ?? null;
  return log[1] ?? null;
}
