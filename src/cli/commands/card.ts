import { grantModelAccess } from '../../core/models/modelAccess';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, loadConfig } from '../../core/checks/config';
import { Engine } from '../../core/data/engine';
import { InputError } from '../../core/errors';
import { modelCardFor } from '../../core/share/modelCardRun';
import { renderSharePage } from '../../core/share/sharePage';
import { parseCommandArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { emit } from '../output';

export const cardCommand: CliCommand = {
  name: 'card',
  summary: 'Write a model card (data, evaluation, fairness, explanation, drift) from modellens.yml as one HTML page',
  help: `Usage: model-lens card [MODEL] [options]

Writes one self-contained HTML page (no scripts, no network) for a model declared in ${CONFIG_FILE_NAME}: what
the model is, a profile of its data, its evaluation (the \`evaluation\` checks about it), the
fairness, drift, health, rules and comparison checks about it (run as \`model-lens check\` runs them), and what
drives its predictions (exact TreeSHAP on up to 200 rows of its data).

Arguments:
  MODEL               a model name under models: (default: the only one, or the first)

Options:
  --config F          the configuration (default: ./${CONFIG_FILE_NAME})
  --out F             write the page to F instead of stdout (never an input file)
  -h, --help          show this help

Exit codes: 0 the card was written, 2 bad input.`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('card', argv, { config: { type: 'string' }, out: { type: 'string' } });
    const configPath = resolve((values['config'] as string | undefined) ?? join(process.cwd(), CONFIG_FILE_NAME));
    if (!existsSync(configPath)) throw new InputError('FILE_NOT_FOUND', `no ${CONFIG_FILE_NAME} at ${configPath}; pass --config F.`);
    const config = loadConfig(configPath);
    const name = positionals[0] ?? [...config.context.models.keys()][0];
    if (!name) throw new InputError('BAD_ARGUMENT', `${configPath} declares no model; add one under models: (path, data, label).`);
    const engine = await Engine.create();
    try {
      const doc = await modelCardFor(config, name, engine, { signal, models: grantModelAccess() });
      emit(renderSharePage(doc), values['out'] as string | undefined, [configPath, ...config.checks.flatMap((c) => c.files)]);
      return EXIT_OK;
    } finally {
      engine.close();
    }
  },
};
