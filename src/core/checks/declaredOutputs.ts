import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, type WorkspaceConfig } from './config';

/** The label and prediction columns modellens.yml declares for a dataset, and which dataset declared them. */
export interface DeclaredOutputs {
  dataset: string;
  label?: string;
  prediction?: string;
}

/**
 * The label and prediction a dataset of `config` declares when one of `files` is its reference or current file, so
 * drift reports target and prediction drift apart from the features wherever it runs: "Compare Datasets" in the
 * editor and `model-lens drift` on the same files give the same counts.
 */
export function declaredOutputs(config: WorkspaceConfig, files: readonly string[]): DeclaredOutputs | undefined {
  const wanted = new Set(files.map((f) => resolve(f)));
  const d = [...config.context.datasets.values()].find((x) => (x.reference !== undefined && wanted.has(x.reference)) || (x.current !== undefined && wanted.has(x.current)));
  if (!d || (d.label === undefined && d.prediction === undefined)) return undefined;
  return { dataset: d.name, ...(d.label !== undefined ? { label: d.label } : {}), ...(d.prediction !== undefined ? { prediction: d.prediction } : {}) };
}

/** The nearest modellens.yml in `dir` or a folder above it (the way git finds its folder); undefined when none. */
export function configAbove(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const file = join(d, CONFIG_FILE_NAME);
    if (existsSync(file)) return file;
    if (dirname(d) === d) return undefined;
  }
}
