import { basename } from 'node:path';
import type { WorkspaceConfig } from '../checks/config';
import type { ChecksReport, ModelCard as ModelFacts, ModelSpec } from '../checks/types';
import type { ExplainDocument } from '../explain/explainDocument';
import type { DatasetProfile } from '../profile/types';
import { formatCount, formatNumber } from '../render/numbers';
import { profileVerdict } from '../verdict/profile';
import { STATUS_LABEL, worst, type Verdict } from '../verdict/types';
import type { ShareDoc } from './sharePage';

/**
 * The evaluation part of a model card: model performance on labelled data over time. Pass `evaluation` to
 * buildModelCard with its verdict and tables, or leave it out and the card shows the `evaluation` checks of
 * modellens.yml about the model (`model-lens evaluate` run as a check).
 */
export interface ModelCardEvaluation {
  verdict: Verdict;
  paragraphs: string[];
  tables?: ShareDoc['tables'];
}

export interface ModelCardInputs {
  config: WorkspaceConfig;
  /** The checks run for the configuration (all of them, or the ones about this model). */
  checks: ChecksReport;
  model: ModelSpec;
  facts: ModelFacts;
  /** A profile of the model's data (`models.<name>.data`), when it has one. */
  profile?: DatasetProfile;
  /** A SHAP explanation on (a sample of) the model's data. */
  explanation?: ExplainDocument;
  /** Issue 21's evaluation section (the slot above). */
  evaluation?: ModelCardEvaluation;
  generated?: string;
}

/** The checks about a model: its comparisons, and fairness, drift, health and rules checks on its data. */
export function checksAbout(r: ChecksReport, config: WorkspaceConfig, m: ModelSpec): ChecksReport['checks'] {
  return r.checks.filter((c) => {
    const planned = config.checks.find((p) => p.id === c.id);
    const files = planned?.files ?? c.files;
    return files.includes(m.path) || (m.data !== undefined && files.includes(m.data));
  });
}

/**
 * One combined model card from modellens.yml, as one self-contained page (renderSharePage): what the model is,
 * its data, its evaluation (evaluation checks), fairness, what drives it (SHAP) and drift, each section with the
 * status its checks computed, for people who do not use Model Lens.
 */
export function buildModelCard(i: ModelCardInputs): ShareDoc {
  const about = checksAbout(i.checks, i.config, i.model);
  const of = (kinds: string[]) => about.filter((c) => kinds.includes(c.kind));
  const checkSection = (heading: string, kinds: string[], none: string): NonNullable<ShareDoc['sections']>[number] => {
    const cs = of(kinds);
    if (!cs.length) return { heading, paragraphs: [none] };
    return {
      heading,
      status: worst(cs.map((c) => c.status)),
      paragraphs: cs.flatMap((c) => [`${c.title} — ${STATUS_LABEL[c.status]}: ${c.summary}`, ...(c.verdict?.reasons ?? []).slice(0, 4)]),
    };
  };
  const f = i.facts;
  const overall = worst([...about.map((c) => c.status), ...(i.evaluation ? [i.evaluation.verdict.status] : [])]);
  const failing = about.filter((c) => c.status === 'fail' || c.status === 'error');
  const sections: NonNullable<ShareDoc['sections']> = [
    {
      heading: 'The model',
      paragraphs: [
        `${f.kind ?? 'Model'}${f.objective ? ` (${f.objective})` : ''}${f.trees ? ` with ${formatCount(f.trees)} trees` : ''}${f.features ? ` on ${formatCount(f.features)} features` : ''}; file ${basename(i.model.path)}.`,
        ...(f.card ? [f.card.replace(/^#.*$/gm, '').trim().split(/\n\s*\n/)[0] ?? ''] : []),
        ...(f.error ? [`Note: ${f.error}`] : []),
      ].filter(Boolean),
    },
    i.profile
      ? { heading: 'Data', status: profileVerdict(i.profile).status, paragraphs: [`${basename(i.profile.path)}: ${formatCount(i.profile.rows)} rows, ${formatCount(i.profile.columnCount)} columns.`, profileVerdict(i.profile).headline] }
      : { heading: 'Data', paragraphs: ['No dataset is declared for this model in modellens.yml (models.<name>.data).'] },
    i.evaluation
      ? { heading: 'Evaluation', status: i.evaluation.verdict.status, paragraphs: [i.evaluation.verdict.headline, ...i.evaluation.paragraphs], ...(i.evaluation.tables ? { tables: i.evaluation.tables } : {}) }
      : checkSection('Evaluation', ['evaluation'], 'No evaluation check on this model or its data in modellens.yml (checks.evaluation); `model-lens evaluate` measures it on labelled data.'),
    checkSection('Fairness', ['fairness'], 'No fairness check on this model\'s data in modellens.yml (checks.fairness).'),
    i.explanation
      ? { heading: 'What drives its predictions', paragraphs: [`Mean |SHAP| over ${formatCount(i.explanation.rows.length)} rows: how much each feature moves a prediction on average.`], chart: { title: 'Average impact on the output', bars: i.explanation.global.slice(0, 12).map((g) => ({ label: g.feature, value: g.meanAbs, text: formatNumber(g.meanAbs) })) } }
      : { heading: 'What drives its predictions', paragraphs: ['Not computed (the model could not be explained on its data).'] },
    checkSection('Drift and pipeline health', ['drift', 'health'], 'No drift or health check on this model\'s data in modellens.yml.'),
    checkSection('Comparison with other versions', ['comparison'], 'No version comparison for this model in modellens.yml (checks.comparisons).'),
    checkSection('Business rules', ['rules'], 'No business rules on this model\'s data in modellens.yml.'),
  ];
  return {
    title: `Model card: ${i.model.name}`,
    intro: 'A model card summarises what a model is, what data it uses, how well and how fairly it works, what drives it and whether its data has changed, in one page.',
    verdict: {
      status: overall,
      headline: failing.length ? `${failing.length} of ${about.length} checks on this model fail: ${failing.map((c) => c.title).join('; ')}.` : about.length ? `All ${about.length} checks on this model pass or only need attention.` : 'No check in modellens.yml is about this model yet.',
      reasons: failing.map((c) => `${c.title}: ${c.summary}`),
      numbers: [
        { label: 'Checks failed', value: `${failing.length} of ${about.length}` },
        { label: 'Features', value: f.features === undefined ? '—' : formatCount(f.features) },
        { label: 'Rows in its data', value: i.profile ? formatCount(i.profile.rows) : '—' },
      ],
    },
    tables: [],
    notes: ['Every status comes from the same checks as "Model Lens: Run All Checks" and `model-lens check` on modellens.yml.'],
    sections,
    ...(i.generated ? { generated: i.generated } : {}),
  };
}
