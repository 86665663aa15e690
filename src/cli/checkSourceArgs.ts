import { loadConfig, type WorkspaceConfig } from '../core/checks/config';
import type { DatasetOverride } from '../core/checks/sourceOverride';
import { InputError, isInputError } from '../core/errors';
import { parseSourceRef } from '../core/warehouse/sources/sourceRef';

export const CHECK_SOURCE_HELP = `Checking a table instead of a dataset's files:
  --source S [--source S2]  read the dataset's data from table S of a source declared in modellens.yml
                     (a second --source is the current side's table, as 'currentSource')
  --where F          the reference rows of S (as the dataset's 'referenceWhere'), in the rules language
  --current-where F  the current rows (as 'currentWhere'), e.g. --where "day < '2026-11-01'"
                     --current-where "day >= '2026-11-01'"
  --dataset NAME     the dataset of modellens.yml the table replaces (needed when it declares several)
  Only the checks that read that dataset run (drift, health, fairness, rules and evaluation run on tables; a
  comparison or experiment check of it is refused: leave it out with --only). Its label, prediction and
  timeColumn stay as declared.`;

/**
 * Reads modellens.yml for `check`, with `--source` in place of one dataset's data when given. Every ambiguous
 * or useless combination is refused with what to do instead.
 */
export function loadCheckConfig(configPath: string, values: Record<string, unknown>, only: readonly string[] | undefined): { config: WorkspaceConfig; override?: DatasetOverride } {
  const refs = (values['source'] as string[] | undefined) ?? [];
  const where = values['where'] as string | undefined;
  const currentWhere = values['current-where'] as string | undefined;
  const named = values['dataset'] as string | undefined;
  if (!refs.length) {
    const stray = [['--where', where], ['--current-where', currentWhere], ['--dataset', named]].find(([, v]) => v !== undefined);
    if (stray) throw new InputError('BAD_ARGUMENT', `check: ${stray[0]} goes with --source (a table that replaces a dataset's files); without --source the checks read what modellens.yml declares.`);
    return { config: loadConfig(configPath) };
  }
  if (refs.length > 2) throw new InputError('BAD_ARGUMENT', `check: at most two --source values (the dataset's table, then its current side's table); got ${refs.length}.`);
  const parsed = refs.map(parseSourceRef);
  if (parsed.length === 2 && parsed[0]!.source !== parsed[1]!.source) throw new InputError('BAD_ARGUMENT', `check: both --source tables must come from the same source (got ${parsed[0]!.source} and ${parsed[1]!.source}); a check runs in one database.`);
  for (const [k, v] of [['--where', where], ['--current-where', currentWhere]] as const) {
    if (v !== undefined && v.trim() === '') throw new InputError('BAD_ARGUMENT', `check: ${k} is empty; give a filter such as "day >= '2026-11-01'", or leave ${k} out.`);
  }
  const plain = loadConfig(configPath);
  const datasets = [...plain.context.datasets.keys()];
  let dataset = named;
  if (dataset === undefined) {
    if (datasets.length !== 1) {
      throw new InputError('BAD_ARGUMENT', datasets.length
        ? `check --source: ${plain.file} declares ${datasets.length} datasets (${datasets.join(', ')}); name the one the table replaces with --dataset NAME.`
        : `check --source: ${plain.file} declares no dataset; the table replaces a dataset's data, so declare one under 'datasets:' with the checks that read it, or name one with --dataset.`);
    }
    dataset = datasets[0]!;
  } else if (!plain.context.datasets.has(dataset)) {
    throw new InputError('BAD_ARGUMENT', `check: --dataset '${dataset}' is not declared in ${plain.file}; declared: ${datasets.join(', ') || '(none)'}.`);
  }
  if (!plain.sources.has(parsed[0]!.source)) {
    throw new InputError('BAD_SOURCE', `check: unknown source '${parsed[0]!.source}' in --source ${refs[0]}; declared in ${plain.file}: ${[...plain.sources.keys()].join(', ') || '(none)'}. Declare it under 'sources:' (connection settings; secrets from environment variables).`);
  }
  const override: DatasetOverride = {
    dataset, source: refs[0]!, text: `--source ${refs.join(' --source ')}`,
    ...(refs[1] !== undefined ? { currentSource: refs[1] } : {}),
    ...(where !== undefined ? { referenceWhere: where } : {}),
    ...(currentWhere !== undefined ? { currentWhere } : {}),
  };
  let config: WorkspaceConfig;
  try {
    config = loadConfig(configPath, { override, ...(only ? { only } : {}) });
  } catch (e) {
    if (!isInputError(e) || e.code !== 'CONFIG_INVALID') throw e;
    throw new InputError('CONFIG_INVALID', `check ${override.text} (in place of dataset '${dataset}'):\n${e.message}\n(With --source, the dataset's 'referenceWhere' is --where, 'currentWhere' is --current-where and 'currentSource' a second --source.)`, e.details);
  }
  if (!config.checks.length) {
    throw new InputError('BAD_ARGUMENT', `check --source: no check in ${plain.file} reads dataset '${dataset}'${only ? ` among --only ${only.join(',')}` : ''}; add one under 'checks:' (e.g. drift: - dataset: ${dataset}) or name another dataset with --dataset.`);
  }
  for (const id of only ?? []) {
    if (!config.checks.some((c) => c.id === id) && plain.checks.some((c) => c.id === id)) {
      throw new InputError('BAD_ARGUMENT', `--only: check '${id}' does not read dataset '${dataset}', which --source replaces; with --source only that dataset's checks run: ${config.checks.map((c) => c.id).join(', ')}.`);
    }
  }
  return { config, override };
}
