import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where every engine's spill folder lives. */
export const ENGINE_TEMP_BASE = join(tmpdir(), 'model-lens-duckdb');
const NAME = /^engine-(\d+)-[0-9a-f]+$/;

/**
 * A spill folder of its own for one engine. DuckDB names its temporary files the same way in every database
 * (duckdb_temp_storage…), so two engines sharing a folder, in one process or in two (the editor and a CLI run),
 * overwrite each other's spilled data. Folders left by processes that no longer run are removed first.
 */
export function newEngineTempDirectory(): string {
  mkdirSync(ENGINE_TEMP_BASE, { recursive: true });
  removeDeadEngineFolders(ENGINE_TEMP_BASE);
  return join(ENGINE_TEMP_BASE, `engine-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Removes the engine folders of processes that have ended (killed runs leave theirs behind). */
export function removeDeadEngineFolders(base: string): void {
  removeEntriesOfDeadProcesses(base, NAME);
}

/** Removes the entries of `dir` whose name matches `pattern` (the owner's pid in group 1) and whose owner has ended. */
export function removeEntriesOfDeadProcesses(dir: string, pattern: RegExp): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Whether a process runs (another user's process counts as running). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
