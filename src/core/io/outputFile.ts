import { constants, accessSync, closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors';
import { watchTempFile, type TempWatch } from './tempReaper';
import { own } from '../dict';

/**
 * The one way Model Lens writes a file (reports, predictions, baselines, merged baselines, exports), from the
 * CLI and the extension alike. Before anything is opened, the target is compared with every input by real path
 * and by device + inode, so a symbolic or hard link to an input (or an input that links to the target) is
 * refused. A regular file is written to a temporary file in the target's folder and renamed into place when
 * complete: a failed, cancelled or killed run leaves the previous file intact and no partial file (the temporary
 * file is removed on failure, and by a watcher process if this process is killed). Character devices and pipes
 * (`/dev/null`, `/dev/stdout`, `>(cmd)`) are written directly. Every problem is an InputError 'BAD_OUTPUT'
 * whose message names the target and how to fix it.
 */
export interface OutputOptions {
  /** Files this run reads. The target may be none of them, through any link. */
  inputs: readonly string[];
  /** How messages name the target (default: its path), e.g. `--out report.json`. */
  label?: string;
  /** Create missing parent folders (for Model Lens' own folders such as .modellens/baselines). Default: refuse. */
  makeParents?: boolean;
  /** Refuse to replace an existing file (atomically: the file appears complete or not at all). */
  noReplace?: boolean;
}

export interface OutputStream {
  /** Appends text; resolves when written (so callers are paced by the disk). */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Completes the file: flushes it and renames it into place. */
  commit(): Promise<void>;
  /** Discards what was written; the previous file is left as it was. Safe to call after commit (no-op). */
  abort(): Promise<void>;
}

type Plan =
  | { kind: 'file'; path: string; mode: number | undefined }
  | { kind: 'device'; path: string };

/** Where the output goes, checked: returned by prepareOutput, written by writeAll or open. */
export class OutputFile {
  private constructor(
    readonly target: string,
    private readonly plan: Plan,
    private readonly options: OutputOptions,
  ) {}

  /** Checks the target against the inputs and the file system; throws InputError 'BAD_OUTPUT'. Opens nothing. */
  static prepare(target: string, options: OutputOptions): OutputFile {
    const path = resolve(target);
    const plan = planTarget(path, options);
    assertNotAnInput(plan.path, options, path);
    return new OutputFile(path, plan, options);
  }

  /** Writes the whole text (or bytes) and puts it in place. */
  async writeAll(content: string | Uint8Array): Promise<void> {
    const out = await this.open();
    try {
      await out.write(content);
      await out.commit();
    } finally {
      await out.abort();
    }
  }

  /** writeAll without waiting: for a report that is already complete in memory (the CLI's emit). */
  writeAllSync(content: string | Uint8Array): void {
    const label = this.options.label ?? this.target;
    if (this.plan.kind === 'device') {
      let fd: number | undefined;
      try {
        fd = openSync(this.plan.path, 'w');
        writeFullySync(fd, content);
      } catch (e) {
        throw bad(label, `could not write to ${this.plan.path}: ${errnoText(e)}.`, { path: this.plan.path });
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      return;
    }
    const plan = this.plan;
    const { temp, fd } = createTemp(plan, label);
    const watch = watchTempFile(temp);
    let done = false;
    try {
      try {
        const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
        const half = faultInjection() ? bytes.length >> 1 : bytes.length;
        writeFullySync(fd, bytes.subarray(0, half));
        if (half < bytes.length) stopForFaultInjection();
        writeFullySync(fd, bytes.subarray(half));
      } catch (e) {
        closeSync(fd);
        throw e;
      }
      sealAndClose(fd, plan);
      done = commitTemp(temp, plan, this.options);
    } catch (e) {
      throw placeError(e, label, plan.path);
    } finally {
      if (!done) removeQuietly(temp);
      watch.release();
    }
  }

  /**
   * For a writer that writes a path itself (DuckDB's `COPY … TO`): `write` gets a new, empty temporary file beside the
   * target (created exclusively, watched like every temporary file) and must write only that path; when it resolves,
   * the file is synced and renamed into place after the input check is made again, exactly as writeAll does. When it
   * throws (or is cancelled) the temporary file is removed and the previous target is left as it was. A device target
   * is handed to `write` as it is.
   */
  async writeWithPath<T>(write: (path: string) => Promise<T>): Promise<T> {
    const label = this.options.label ?? this.target;
    if (this.plan.kind === 'device') return write(this.plan.path);
    const plan = this.plan;
    const { temp, fd } = createTemp(plan, label);
    closeSync(fd);
    const watch = watchTempFile(temp);
    let done = false;
    try {
      const result = await write(temp);
      try {
        sealAndClose(openSync(temp, 'r+'), plan);
        done = commitTemp(temp, plan, this.options);
      } catch (e) {
        throw placeError(e, label, plan.path);
      }
      return result;
    } finally {
      if (!done) removeQuietly(temp);
      watch.release();
    }
  }

  /** Opens the output for streaming writes. Call commit() when done, abort() on failure (a finally is fine). */
  async open(): Promise<OutputStream> {
    const label = this.options.label ?? this.target;
    if (this.plan.kind === 'device') return openDevice(this.plan.path, label);
    return openAtomic(this.plan, this.options, label);
  }
}

/** Shorthand: prepare + writeAll. */
export async function writeOutputFile(target: string, content: string | Uint8Array, options: OutputOptions): Promise<void> {
  await OutputFile.prepare(target, options).writeAll(content);
}

function bad(label: string, what: string, details: Record<string, unknown> = {}): InputError {
  return new InputError('BAD_OUTPUT', `${label}: ${what}`, details);
}

function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    ENOENT: 'the folder does not exist',
    EIO: 'input/output error',
    EPIPE: 'the reader closed the pipe',
    ENAMETOOLONG: 'the name is too long',
    EXDEV: 'the temporary file is on another device',
  };
  const code = err?.code;
  return code ? `${own(reasons, code) ?? (err.message || code)} (${code})` : String((e as Error)?.message ?? e);
}

/** Decides how to write `path` (following a symbolic link to the file it names) or throws why it cannot be. */
function planTarget(path: string, options: OutputOptions): Plan {
  const label = options.label ?? path;
  let link: Stats | undefined;
  try {
    link = lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw bad(label, `a part of the path ${path} is a file, not a folder. Choose an output path in an existing folder.`, { path });
    if (code !== 'ENOENT') throw bad(label, `cannot use ${path}: ${errnoText(e)}.`, { path });
  }
  if (link === undefined) {
    checkFolder(path, label, options);
    return { kind: 'file', path, mode: undefined };
  }
  let st: Stats;
  let real = path;
  if (link.isSymbolicLink()) {
    try {
      real = realpathSync(path);
      st = statSync(real);
    } catch {
      throw bad(label, `${path} is a symbolic link to a file that does not exist; refusing to follow it. Remove the link or choose another output path.`, { path });
    }
  } else {
    st = link;
  }
  if (st.isDirectory()) throw bad(label, `${path} is a folder. Give a file name, e.g. ${join(path, 'report.json')}.`, { path });
  if (st.isFile()) {
    if (options.noReplace) throw bad(label, `${path} already exists; it was left unchanged.`, { path });
    if ((st.mode & 0o222) === 0 || !writable(real)) {
      throw bad(label, `${path} is read-only; refusing to replace it. Choose another output path, or make it writable (chmod u+w).`, { path });
    }
    checkFolder(real, label, options);
    return { kind: 'file', path: real, mode: st.mode & 0o7777 };
  }
  if (st.isCharacterDevice() || st.isFIFO()) return { kind: 'device', path: real };
  throw bad(label, `${path} is ${st.isBlockDevice() ? 'a block device (a disk)' : st.isSocket() ? 'a socket' : 'not a regular file'}; refusing to write to it. Choose a file path.`, { path });
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The target's folder must exist (or be created when asked) and be writable: the temporary file goes there. */
function checkFolder(path: string, label: string, options: OutputOptions): void {
  const dir = dirname(path);
  let st: Stats | undefined;
  try {
    st = statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.makeParents) {
      try {
        mkdirSync(dir, { recursive: true });
        return;
      } catch (e2) {
        throw bad(label, `cannot create the folder ${dir}: ${errnoText(e2)}.`, { path });
      }
    }
    if (code === 'ENOENT') throw bad(label, `the folder ${dir} does not exist. Create it first (mkdir -p '${dir}') or choose another output path.`, { path, folder: dir });
    throw bad(label, `cannot use the folder ${dir}: ${errnoText(e)}.`, { path, folder: dir });
  }
  if (!st.isDirectory()) throw bad(label, `${dir} is not a folder. Choose an output path in an existing folder.`, { path, folder: dir });
  if (!writable(dir)) throw bad(label, `cannot write in the folder ${dir} (permission denied). Choose another output path.`, { path, folder: dir });
}

/**
 * Refuses a target that is one of the inputs: the same real path, or the same device and inode (a hard link, or a
 * symbolic link either way). Inputs that do not exist (e.g. `git:HEAD~1`) cannot be overwritten and are skipped.
 */
export function assertNotAnInput(target: string, options: OutputOptions, asGiven = target): void {
  const label = options.label ?? target;
  let targetReal: string;
  try {
    targetReal = realpathSync(target);
  } catch {
    // Not there yet: its real path is its real folder's path plus its name.
    try {
      targetReal = join(realpathSync(dirname(target)), basename(target));
    } catch {
      targetReal = resolve(target);
    }
  }
  let targetStat: Stats | undefined;
  try {
    targetStat = statSync(targetReal);
  } catch {
    targetStat = undefined;
  }
  for (const input of options.inputs) {
    let real: string;
    let st: Stats;
    try {
      real = realpathSync(resolve(input));
      st = statSync(real);
    } catch {
      continue;
    }
    const sameInode = targetStat !== undefined && st.dev === targetStat.dev && st.ino === targetStat.ino;
    if (real === targetReal || sameInode) {
      const how = resolve(input) === resolve(asGiven) ? '' : real === targetReal ? ' (through a symbolic link)' : ' (through a hard link)';
      throw bad(label, `is the input file ${input}${how}; refusing to overwrite an input. Choose another output path.`, { path: target, input });
    }
  }
}

async function openDevice(path: string, label: string): Promise<OutputStream> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'w');
  } catch (e) {
    throw bad(label, `cannot open ${path} for writing: ${errnoText(e)}.`, { path });
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => undefined);
  };
  return {
    async write(chunk) {
      try {
        await handle.writeFile(chunk);
      } catch (e) {
        throw bad(label, `could not write to ${path}: ${errnoText(e)}.`, { path });
      }
    },
    async commit() {
      await close();
    },
    abort: close,
  };
}

/** The temporary name: hidden, in the target's folder, unique, and recognisably ours. */
function tempName(target: string): string {
  const base = basename(target).slice(0, 80);
  return join(dirname(target), `.${base}.${process.pid}-${randomBytes(4).toString('hex')}.model-lens-tmp`);
}

/** A new, empty temporary file beside the target, created exclusively (the umask applies, as for any new file). */
function createTemp(plan: Extract<Plan, { kind: 'file' }>, label: string): { temp: string; fd: number } {
  const temp = tempName(plan.path);
  try {
    return { temp, fd: openSync(temp, 'wx', 0o666) };
  } catch (e) {
    throw bad(label, `cannot create a file in ${dirname(plan.path)}: ${errnoText(e)}.`, { path: plan.path });
  }
}

/** Flushes the temporary file to disk, gives it the replaced file's permissions, and closes it (always). */
function sealAndClose(fd: number, plan: Extract<Plan, { kind: 'file' }>): void {
  try {
    fsyncSync(fd);
    if (plan.mode !== undefined) fchmodSync(fd, plan.mode);
  } finally {
    closeSync(fd);
  }
}

/** Puts the sealed temporary file in place and makes the rename durable; true once the target is replaced. */
function commitTemp(temp: string, plan: Extract<Plan, { kind: 'file' }>, options: OutputOptions): true {
  place(temp, plan, options);
  syncFolder(dirname(plan.path));
  return true;
}

async function openAtomic(plan: Extract<Plan, { kind: 'file' }>, options: OutputOptions, label: string): Promise<OutputStream> {
  const temp = tempName(plan.path);
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx', 0o666); // the umask applies, as for any new file
  } catch (e) {
    throw bad(label, `cannot create a file in ${dirname(plan.path)}: ${errnoText(e)}.`, { path: plan.path });
  }
  const watch: TempWatch = watchTempFile(temp);
  let state: 'open' | 'committed' | 'aborted' = 'open';
  let written = 0;
  const discard = async () => {
    await handle.close().catch(() => undefined);
    removeQuietly(temp);
    watch.release();
  };
  return {
    async write(chunk) {
      if (state !== 'open') throw new Error('output is closed');
      try {
        await handle.writeFile(chunk);
        if (written++ === 1 && faultInjection()) stopForFaultInjection();
      } catch (e) {
        state = 'aborted';
        await discard();
        throw bad(label, `could not write ${plan.path}: ${errnoText(e)}. The previous file, if any, is unchanged.`, { path: plan.path });
      }
    },
    async commit() {
      if (state !== 'open') throw new Error('output is closed');
      try {
        await handle.sync();
        if (plan.mode !== undefined) await handle.chmod(plan.mode); // a replaced file keeps its permissions
        await handle.close();
        place(temp, plan, options);
        state = 'committed';
        syncFolder(dirname(plan.path));
        watch.release();
      } catch (e) {
        state = 'aborted';
        await discard();
        throw placeError(e, label, plan.path);
      }
    },
    async abort() {
      if (state !== 'open') return;
      state = 'aborted';
      await discard();
    },
  };
}

/** Puts the complete temporary file in place, after checking again that the target is no input (it may have changed meanwhile). */
function place(temp: string, plan: Extract<Plan, { kind: 'file' }>, options: OutputOptions): void {
  assertNotAnInput(plan.path, options);
  if (options.noReplace) {
    linkSync(temp, plan.path); // fails with EEXIST instead of replacing
    unlinkSync(temp);
  } else {
    renameSync(temp, plan.path);
  }
}

function placeError(e: unknown, label: string, path: string): InputError {
  if (e instanceof InputError) return e;
  if ((e as NodeJS.ErrnoException).code === 'EEXIST') return bad(label, `${path} already exists; it was left unchanged.`, { path });
  return bad(label, `could not write ${path}: ${errnoText(e)}. The previous file, if any, is unchanged.`, { path });
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function writeFullySync(fd: number, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Fault-injection hook for the tests that kill a run while it writes (test/unit/io/faultInjection.test.ts): with
 * MODEL_LENS_TEST_STOP_WHILE_WRITING=1 the process stops itself (SIGSTOP) with part of the output written, so the
 * test can kill it at exactly that point. Nothing else reads this variable.
 */
function faultInjection(): boolean {
  return process.env['MODEL_LENS_TEST_STOP_WHILE_WRITING'] === '1';
}

function stopForFaultInjection(): void {
  process.kill(process.pid, 'SIGSTOP');
}

/** Makes the rename durable (best effort; not every file system supports fsync on a folder). */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}
