import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigReader } from '../../checks/configReader';
import { InputError } from '../../errors';
import { readSources, type SourceConfig } from './sourceConfig';

/**
 * The sources declared in a modellens.yml: `config` when given, else the first modellens.yml in `from` or a
 * folder above it. Only `sources:` is read here (a file without checks is fine); problems in it are thrown
 * together, located (InputError CONFIG_INVALID).
 */
export function loadSources(config: string | undefined, from = process.cwd()): { file: string; sources: Map<string, SourceConfig> } {
  const file = config ? resolve(config) : findConfig(from);
  if (!file || !existsSync(file) || !statSync(file).isFile()) {
    throw new InputError('FILE_NOT_FOUND', `${config ? `configuration ${config} not found` : `no modellens.yml in ${from} or a folder above it`}: declare your database under 'sources:' there (README: "Analyse tables where they live"), or pass --config F.`);
  }
  const r = new ConfigReader(readFileSync(file, 'utf8'), basename(file), dirname(file));
  r.throwIfProblems();
  const sources = readSources(r);
  r.throwIfProblems();
  return { file, sources };
}

function findConfig(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    for (const name of ['modellens.yml', 'modellens.yaml']) {
      const f = join(dir, name);
      if (existsSync(f)) return f;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
