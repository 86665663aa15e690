import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface TempWatch {
  /** The temporary file is gone or renamed into place: the watcher may stop. */
  release(): void;
}

const SHELL = '/bin/sh';
const NOOP: TempWatch = { release() {} };

/**
 * Removes `temp` if this process dies before releasing it, even by SIGKILL, when no code of ours can run: a small
 * detached shell waits for the end of its standard input (a pipe only this process holds, closed by the kernel
 * when the process exits) and then deletes the file. On release the pipe is closed first and the file is already
 * renamed or removed, so the shell deletes nothing. Without /bin/sh (Windows) the temporary file is only removed
 * by the normal error paths.
 */
export function watchTempFile(temp: string): TempWatch {
  if (process.platform === 'win32' || !existsSync(SHELL)) return NOOP;
  let child: ChildProcess;
  try {
    child = spawn(SHELL, ['-c', 'cat >/dev/null; rm -f -- "$1"', 'model-lens-temp-watch', temp], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    return NOOP;
  }
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      child.stdin?.end();
    },
  };
}
