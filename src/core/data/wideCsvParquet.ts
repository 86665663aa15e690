import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, RunOptions } from './engine';
import { removeEntriesOfDeadProcesses } from './engineTemp';
import { scanSql } from './fileScan';
import { quoteLiteral } from './sql';

/**
 * The temporary Parquet copy of a wide CSV view, one file per column group (issue 18). Each group's read of the
 * file tokenizes every line of it, whatever columns it keeps, so a 10,000-column file read once to validate and
 * once to convert was tokenized twice per group (22 times). The load's validation read (data/loadDelimited.ts)
 * writes each group's file in that same read (COPY … TO with the same pinned options and rejects), when the
 * caller asks for it (LoadOptions.wideParquet: the profile and drift read every column); the profile's conversion
 * (profile/tempParquet.ts) then takes the files instead of reading the CSV again, and drift reads its views from
 * them (groupFileView.ts).
 * Files live in the engine's temp folder (engineTemp.ts); whoever takes them removes them, and the dataset's
 * release removes those not taken (an error, a cancel, a command that never profiled).
 */
export interface GroupFiles {
  /** Column names of each group, in file order. */
  groups: string[][];
  /** The Parquet file of each group. */
  files: string[];
}

const kept = new WeakMap<Engine, Map<string, GroupFiles>>();

/** Keeps the group files of `relation` (the dataset's quoted relation) until taken or dropped. */
export function keepGroupFiles(engine: Engine, relation: string, files: GroupFiles): void {
  const byRelation = kept.get(engine) ?? new Map<string, GroupFiles>();
  kept.set(engine, byRelation);
  dropGroupFiles(engine, relation);
  byRelation.set(relation, files);
}

/** The group files of `relation`, now owned by the caller (removed from the registry), if the load made them. */
export function takeGroupFiles(engine: Engine, relation: string): GroupFiles | undefined {
  const byRelation = kept.get(engine);
  const files = byRelation?.get(relation);
  byRelation?.delete(relation);
  return files;
}

/** Removes the group files of `relation` not taken yet. */
export function dropGroupFiles(engine: Engine, relation: string): void {
  const files = takeGroupFiles(engine, relation);
  if (files) removeFiles(files.files);
}

/** The engine's literal scan of each file (the temp folder's path may hold glob characters). */
export async function groupScans(engine: Engine, files: readonly string[], options: RunOptions): Promise<string[]> {
  const scans: string[] = [];
  for (const f of files) scans.push(await scanSql(engine, 'read_parquet', f, [], options));
  return scans;
}

const writing = new WeakMap<Engine, Promise<unknown>>();

/**
 * Runs `write` (a load's reads that write group files) after the engine's other such writes have ended: each is
 * sized to take its share of the whole memory limit (copyToParquetSql), so two at once could exceed it.
 */
export function oneWriterAtATime<T>(engine: Engine, write: () => Promise<T>): Promise<T> {
  const run = (writing.get(engine) ?? Promise.resolve()).then(write, write);
  writing.set(engine, run.catch(() => undefined));
  return run;
}

export function removeFiles(files: readonly string[]): void {
  for (const f of files) rmSync(f, { force: true });
}

/** `count` new file names in the engine's temp folder (created if needed; files of ended processes removed first). */
export async function groupFileNames(engine: Engine, count: number, options: RunOptions): Promise<string[]> {
  const dir = String((await engine.run(`SELECT current_setting('temp_directory') AS d`, options))[0]?.['d'] ?? '');
  if (!dir) throw new Error('the engine has no temp directory for converting a wide CSV');
  mkdirSync(dir, { recursive: true });
  removeEntriesOfDeadProcesses(dir, GROUP_FILE);
  const tag = `ml-wide-${process.pid}-${randomBytes(6).toString('hex')}`;
  return Array.from({ length: count }, (_g, i) => join(dir, `${tag}-${i}.parquet`));
}

/** The names groupFileNames gives (the owner's pid in group 1). */
export const GROUP_FILE = /^ml-wide-(\d+)-[0-9a-f]+-\d+\.parquet$/;

/**
 * `COPY (select) TO file` as Parquet: uncompressed (the files live only while the profile runs; measured cheaper to
 * write and read than snappy), rows per row group sized so the writer's buffers take an eighth of the memory limit.
 */
export function copyToParquetSql(select: string, file: string, columns: number, memoryBytes: number): string {
  const rowGroup = Math.max(2048, Math.min(122_880, Math.floor(memoryBytes / 8 / (Math.max(1, columns) * ROW_BYTES_PER_VALUE))));
  return `COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE ${rowGroup})`;
}

/** Bytes per value assumed for the Parquet writer's row group being filled. */
const ROW_BYTES_PER_VALUE = 24;
