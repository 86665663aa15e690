import type { WorkspaceConfig } from '../checks/config';
import { modelCard, runChecks } from '../checks/runChecks';
import type { ChecksReport, ModelSpec } from '../checks/types';
import type { Engine } from '../data/engine';
import { loadDataset } from '../data/loadDataset';
import { InputError, isInputError } from '../errors';
import { explainDataset } from '../explain/view/explainDataset';
import type { ModelAccess } from '../models/modelAccess';
import { profileDataset } from '../profile/profileDataset';
import type { DatasetProfile } from '../profile/types';
import type { ExplainDocument } from '../explain/explainDocument';
import { buildModelCard, checksAbout, type ModelCardEvaluation } from './modelCard';
import type { ShareDoc } from './sharePage';

/**
 * Everything a model card needs, computed: the checks about the model (run unless `checks` is given), a profile
 * of its data and a SHAP explanation on up to 200 rows of it (only with `models`: Restricted Mode has none). Bad input in one part leaves that part out.
 */
export async function modelCardFor(config: WorkspaceConfig, name: string, engine: Engine, o: { signal?: AbortSignal; checks?: ChecksReport; evaluation?: ModelCardEvaluation; models?: ModelAccess }): Promise<ShareDoc> {
  const model: ModelSpec | undefined = config.context.models.get(name);
  if (!model) throw new InputError('BAD_ARGUMENT', `no model '${name}' in ${config.file}; models: ${[...config.context.models.keys()].join(', ') || 'none (declare one under models:)'}.`, { name });
  const planned = config.checks.filter((c) => checksAbout({ checks: [{ id: c.id, files: c.files }] } as unknown as ChecksReport, config, model).length > 0);
  const checks = o.checks ?? (await runChecks(config, { engine, signal: o.signal, baseDir: config.baseDir, ...(o.models ? { models: o.models } : {}) }, { only: planned.map((c) => c.id), refuse: (c) => (!o.models && c.kind.kind === 'comparison' ? 'it runs a model (Restricted Mode)' : undefined) }));
  let profile: DatasetProfile | undefined;
  let explanation: ExplainDocument | undefined;
  if (model.data) {
    try {
      const ds = await loadDataset(engine, model.data, { signal: o.signal });
      try {
        profile = await profileDataset(engine, ds, { signal: o.signal });
      } finally {
        await ds.release();
      }
      if (o.models) {
        const m = o.models.read(model.path);
        try {
          explanation = (await explainDataset(engine, m, name, model.data, { maxRows: 200, interactionRows: 0, seed: 0, signal: o.signal })).doc;
        } finally {
          m.dispose?.();
        }
      }
    } catch (e) {
      if (!isInputError(e) || e.code === 'CANCELLED') throw e;
    }
  }
  return buildModelCard({ config, checks, model, facts: modelCard(model, o.models, config.baseDir), ...(profile ? { profile } : {}), ...(explanation ? { explanation } : {}), ...(o.evaluation ? { evaluation: o.evaluation } : {}), generated: new Date().toISOString().slice(0, 10) });
}
