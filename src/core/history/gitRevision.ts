import { lstatSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The commit checked out in the repository holding `dir`, read from the .git files (HEAD, the ref it names,
 * packed-refs; a worktree's `.git` file points to its git dir) — no git process runs, so nothing of an
 * untrusted repository's configuration (hooks, fsmonitor) is executed. null outside a repository or when the
 * revision cannot be read.
 */
export function gitRevision(dir: string): { commit: string; branch: string | null } | null {
  let at = resolve(dir);
  for (let depth = 0; depth < 64; depth++) {
    const dotGit = join(at, '.git');
    const gitDir = resolveGitDir(dotGit);
    if (gitDir) return readHead(gitDir);
    const up = dirname(at);
    if (up === at) return null;
    at = up;
  }
  return null;
}

function resolveGitDir(dotGit: string): string | null {
  try {
    const st = lstatSync(dotGit);
    if (st.isDirectory()) return dotGit;
    if (!st.isFile() || st.size > 4096) return null;
    const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!m) return null;
    return isAbsolute(m[1]!) ? m[1]! : resolve(dirname(dotGit), m[1]!);
  } catch {
    return null;
  }
}

function small(path: string): string | null {
  try {
    const st = lstatSync(path);
    return st.isFile() && st.size < 1 << 20 ? readFileSync(path, 'utf8') : null;
  } catch {
    return null;
  }
}

function readHead(gitDir: string): { commit: string; branch: string | null } | null {
  const head = small(join(gitDir, 'HEAD'))?.trim();
  if (!head) return null;
  if (SHA.test(head)) return { commit: head, branch: null };
  const m = /^ref:\s*(refs\/[^\s]+)$/.exec(head);
  if (!m || m[1]!.includes('..')) return null;
  const ref = m[1]!;
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
  // A linked worktree keeps HEAD in its own git dir but refs in the common one.
  const common = small(join(gitDir, 'commondir'))?.trim();
  const dirs = [gitDir, ...(common ? [resolve(gitDir, common)] : [])];
  for (const d of dirs) {
    const loose = small(join(d, ref))?.trim();
    if (loose && SHA.test(loose)) return { commit: loose, branch };
  }
  for (const d of dirs) {
    const packed = small(join(d, 'packed-refs'));
    const line = packed?.split('\n').find((l) => l.endsWith(` ${ref}`));
    const sha = line?.split(' ')[0];
    if (sha && SHA.test(sha)) return { commit: sha, branch };
  }
  return null;
}
