import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface TempWatch {
  /** The temporary file is gone or renamed into place: the watcher may stop. */
  release(): void;
}

const SHELL = '/bin/sh';
const NOOP: TempWatch = { release() {} };
/** The watcher of a path known when it starts: its first argument. */
const WATCH_NAMED = 'cat >/dev/null; rm -f -- "$1"';
/**
 * The watcher started before its path is known (prepareTempWatch): it reads one line, the path's bytes as printf
 * %b octal escapes (any byte but NUL, newlines included), and exits at once if the pipe ends first; `x` keeps the
 * path's trailing newlines from the command substitution.
 */
const WATCH_LATER = 'IFS= read -r p || exit 0; cat >/dev/null; f=$(printf "%bx" "$p"); rm -f -- "${f%x}"';

/** The watcher prepareTempWatch started, until watchTempFile takes it. */
let spare: ChildProcess | undefined;
let prepared = false;

/**
 * Starts the watcher of a temporary file this process will write later (one, once per process), while the
 * process is still small: spawning forks it, and the fork's cost grows with its memory (measured on this 2-core
 * VM: 1.2–3.6 ms at start, 26–29 ms at 640 MB, 54–61 ms at 1.3 GB), paid on the main thread after the analysis,
 * when the report is written. The CLI calls it when it checks --out; a watcher nobody takes exits with the process.
 */
export function prepareTempWatch(): void {
  if (prepared || !canWatch()) return;
  prepared = true;
  spare = startWatcher(WATCH_LATER, []);
}

/**
 * Removes `temp` if this process dies before releasing it, even by SIGKILL, when no code of ours can run: a small
 * detached shell waits for the end of its standard input (a pipe only this process holds, closed by the kernel
 * when the process exits) and then deletes the file. On release the pipe is closed first and the file is already
 * renamed or removed, so the shell deletes nothing. Without /bin/sh (Windows) the temporary file is only removed
 * by the normal error paths. Takes the watcher prepareTempWatch started, if it still runs.
 */
export function watchTempFile(temp: string): TempWatch {
  if (!canWatch()) return NOOP;
  const ready = spare;
  spare = undefined;
  let child: ChildProcess | undefined;
  if (ready && ready.exitCode === null && ready.signalCode === null && ready.stdin?.writable) {
    // A few bytes on a new pipe: written at once, and kept by the kernel for the shell if this process dies next.
    ready.stdin.write(`${octalEscapes(temp)}\n`);
    child = ready;
  } else {
    ready?.stdin?.end();
    child = startWatcher(WATCH_NAMED, [temp]);
  }
  if (!child) return NOOP;
  const watcher = child;
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      watcher.stdin?.end();
    },
  };
}

/** A path's UTF-8 bytes as printf %b escapes (`\0` and three octal digits each), as WATCH_LATER reads them. */
export function octalEscapes(path: string): string {
  let out = '';
  for (const b of Buffer.from(path, 'utf8')) out += `\\0${b.toString(8).padStart(3, '0')}`;
  return out;
}

function canWatch(): boolean {
  return process.platform !== 'win32' && existsSync(SHELL);
}

function startWatcher(script: string, args: readonly string[]): ChildProcess | undefined {
  let child: ChildProcess;
  try {
    child = spawn(SHELL, ['-c', script, 'model-lens-temp-watch', ...args], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    return undefined;
  }
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return child;
}
