/**
 * Human words for every metric, statistic and check id the product shows: one table of display names, one-line
 * definitions and thresholds, so panels, share pages and reports never show a raw id such as
 * `demographicParityRatioToOverall`. A view shows `term(id).name` as the label and `term(id).definition`
 * (plus the threshold) on hover.
 *
 * Ids not in the table fall back to humanize(): "someNewMetric" → "Some new metric".
 */
export interface Term {
  name: string;
  /** One line, for a tooltip: what the number means. */
  definition: string;
  /** When it counts as a problem, in words, e.g. "fails below 0.8 (the four-fifths rule)". */
  threshold?: string;
  /** Which way is better. */
  better?: 'higher' | 'lower' | 'closer to 1' | 'closer to 0';
}

const T = (name: string, definition: string, extra: Omit<Term, 'name' | 'definition'> = {}): Term => ({ name, definition, ...extra });

const ENTRIES: [string, Term][] = [
  // Bias: per-group base metrics (fairlearn's base metrics).
  ['n', T('Rows', 'Number of rows in the group.')],
  ['baseRate', T('Base rate', 'Share of rows whose true label is the favourable value.')],
  ['selectionRate', T('Selection rate', 'Share of rows the model gives the favourable outcome (e.g. approved).')],
  ['tpr', T('True positive rate', 'Of the rows that truly deserve the favourable outcome, the share that get it (recall).', { better: 'higher' })],
  ['fpr', T('False positive rate', 'Of the rows that do not deserve the favourable outcome, the share that still get it.', { better: 'lower' })],
  ['fnr', T('False negative rate', 'Of the rows that deserve the favourable outcome, the share that are denied it.', { better: 'lower' })],
  ['tnr', T('True negative rate', 'Of the rows that do not deserve the favourable outcome, the share correctly denied it.', { better: 'higher' })],
  ['precision', T('Precision', 'Of the rows given the favourable outcome, the share that truly deserved it.', { better: 'higher' })],
  ['npv', T('Negative predictive value', 'Of the rows denied the favourable outcome, the share that truly did not deserve it.', { better: 'higher' })],
  ['accuracy', T('Accuracy', 'Share of rows where the prediction equals the true label.', { better: 'higher' })],
  // Bias: disparities (fairlearn and AIF360 definitions).
  ['disparateImpact', T('Disparate impact', "Lowest group's selection rate divided by the reference group's.", { threshold: 'fails below 0.8 (the four-fifths rule)', better: 'closer to 1' })],
  ['statisticalParityDifference', T('Statistical parity difference', "Largest gap between a group's selection rate and the reference group's.", { better: 'closer to 0' })],
  ['averageOddsDifference', T('Average odds difference', "Mean of the gaps in false and true positive rates between a group and the reference group.", { better: 'closer to 0' })],
  ['demographicParityDifference', T('Demographic parity difference', 'Largest minus smallest selection rate across groups.', { better: 'closer to 0' })],
  ['demographicParityRatio', T('Demographic parity ratio', 'Smallest selection rate divided by the largest across groups.', { threshold: 'below 0.8 breaks the four-fifths rule', better: 'closer to 1' })],
  ['demographicParityDifferenceToOverall', T('Demographic parity difference to overall', "Largest gap between a group's selection rate and the overall rate.", { better: 'closer to 0' })],
  ['demographicParityRatioToOverall', T('Demographic parity ratio to overall', "Smallest ratio of a group's selection rate to the overall rate.", { better: 'closer to 1' })],
  ['equalizedOddsDifference', T('Equalized odds difference', 'The larger of the gaps in true positive and false positive rates across groups.', { better: 'closer to 0' })],
  ['equalizedOddsRatio', T('Equalized odds ratio', 'The smaller of the ratios of true positive and false positive rates across groups.', { better: 'closer to 1' })],
  ['equalizedOddsDifferenceToOverall', T('Equalized odds difference to overall', "The larger gap of a group's true or false positive rate from the overall rate.", { better: 'closer to 0' })],
  ['equalizedOddsRatioToOverall', T('Equalized odds ratio to overall', "The smaller ratio of a group's true or false positive rate to the overall rate.", { better: 'closer to 1' })],
  ['equalOpportunityDifference', T('Equal opportunity difference', 'Largest minus smallest true positive rate across groups.', { better: 'closer to 0' })],
  ['equalOpportunityRatio', T('Equal opportunity ratio', 'Smallest true positive rate divided by the largest across groups.', { better: 'closer to 1' })],
  ['equalOpportunityDifferenceToOverall', T('Equal opportunity difference to overall', "Largest gap between a group's true positive rate and the overall rate.", { better: 'closer to 0' })],
  ['equalOpportunityRatioToOverall', T('Equal opportunity ratio to overall', "Smallest ratio of a group's true positive rate to the overall rate.", { better: 'closer to 1' })],
  ['predictiveParityDifference', T('Predictive parity difference', 'Largest minus smallest precision across groups.', { better: 'closer to 0' })],
  ['predictiveParityDifferenceToOverall', T('Predictive parity difference to overall', "Largest gap between a group's precision and the overall precision.", { better: 'closer to 0' })],
  ['accuracyParityDifference', T('Accuracy parity difference', 'Largest minus smallest accuracy across groups.', { better: 'closer to 0' })],
  ['accuracyParityRatio', T('Accuracy parity ratio', 'Smallest accuracy divided by the largest across groups.', { better: 'closer to 1' })],
  ['accuracyParityDifferenceToOverall', T('Accuracy parity difference to overall', "Largest gap between a group's accuracy and the overall accuracy.", { better: 'closer to 0' })],
  ['accuracyParityRatioToOverall', T('Accuracy parity ratio to overall', "Smallest ratio of a group's accuracy to the overall accuracy.", { better: 'closer to 1' })],
  // Drift tests (Evidently ids).
  ['ks', T('Kolmogorov–Smirnov test', 'p-value of the largest gap between the two cumulative distributions.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['chisquare', T('Chi-square test', 'p-value of the difference in category counts.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['z', T('Z-test for proportions', 'p-value of the difference in the share of one category.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['jensenshannon', T('Jensen–Shannon distance', 'How different the two distributions are, from 0 (same) to 1.', { threshold: 'drift at 0.1 or more', better: 'lower' })],
  ['wasserstein', T('Wasserstein distance (normed)', 'How far values moved, in reference standard deviations.', { threshold: 'drift at 0.1 or more', better: 'lower' })],
  ['psi', T('Population stability index', 'Sum over bins of (share now − share before) × ln(share now / share before).', { threshold: 'drift at 0.1 or more', better: 'lower' })],
  ['kl_div', T('Kullback–Leibler divergence', 'Information lost when the reference distribution is used for the current one.', { threshold: 'drift at 0.1 or more', better: 'lower' })],
  ['hellinger', T('Hellinger distance', 'Distance between the two distributions, from 0 (same) to 1.', { threshold: 'drift at 0.1 or more', better: 'lower' })],
  ['anderson', T('Anderson–Darling test', 'p-value of a difference in distribution, sensitive in the tails.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['cramer_von_mises', T('Cramér–von Mises test', 'p-value of a difference between the cumulative distributions.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['energy', T('Energy distance', 'Distance between the two distributions of values.', { threshold: 'drift at 0.1 or more', better: 'lower' })],
  ['t_test', T('t-test', 'p-value of a difference in means.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['mannw', T('Mann–Whitney U test', 'p-value of one side tending to have larger values.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['g_test', T('G-test', 'p-value of the difference in category counts (likelihood ratio).', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['fisher_exact', T("Fisher's exact test", 'p-value of the difference in a yes/no share.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['tvd', T('Total variation distance', 'Half the sum of absolute differences in category shares, from 0 to 1.', { threshold: 'drift at 0.1 or more', better: 'lower' })],
  ['empirical_mmd', T('Maximum mean discrepancy', 'Permutation p-value of a kernel distance between the samples.', { threshold: 'drift when p < 0.05', better: 'higher' })],
  ['share', T('Share of drifted columns', 'Drifted feature columns divided by tested feature columns.', { threshold: 'dataset drift at the configured share (default 50%)', better: 'lower' })],
  // Health checks.
  ['schema', T('Schema', 'Columns removed, added, renamed or of another kind than in the baseline.')],
  ['parse', T('Parse failures', 'Text that is not a number in a column that was numeric.')],
  ['rowCount', T('Row count', 'Change in the number of rows against the baseline.', { threshold: 'warns at a 50% change' })],
  ['missing', T('Missing values', 'Rise in the share of empty values against the baseline.', { threshold: 'fails at +10 percentage points' })],
  ['frozen', T('Constant or frozen feature', 'A column that varied now holds one value.')],
  ['staleness', T('Staleness', 'Age of the latest timestamp.', { threshold: 'fails after 7 days' })],
  ['cadence', T('Cadence', 'Days without rows, or fewer rows per day than the baseline.')],
  ['categories', T('Unseen and vanished categories', 'Categories that appeared (≥ 1% of values) or vanished.')],
  ['range', T('Out of range', "Values outside the baseline's range, widened by 10%.")],
  ['invalid', T('Invalid values', 'Negatives, NaN or ±Infinity where the baseline had none.')],
  ['distribution', T('Unexpected distribution', "A drift test of the baseline's histogram against now.", { threshold: 'PSI of 0.1 or more' })],
  ['duplicates', T('Duplicate rows', 'Share of rows equal to an earlier row.', { threshold: 'warns at 1%' })],
  // Health evidence keys.
  ['missingShare', T('Missing share', 'Share of empty values.')],
  ['rows', T('Rows', 'Number of rows.')],
  ['min', T('Minimum', 'Smallest value.')],
  ['max', T('Maximum', 'Largest value.')],
  ['latest', T('Latest', 'Latest timestamp.')],
  ['ageDays', T('Age (days)', 'Days since the latest timestamp.')],
  ['columns', T('Columns', 'Columns of the dataset.')],
  ['distinct', T('Distinct values', 'Number of different values.')],
  ['rowsPerDay', T('Rows per day', 'Mean number of rows per day.')],
  ['emptyDays', T('Days without rows', 'Days inside the range with no row.')],
  ['score', T('Score', 'The value compared with the threshold.')],
  ['test', T('Test', 'The drift test used.')],
  ['values', T('Values', 'The values found.')],
  ['unseen', T('New categories', 'Categories not in the baseline.')],
  ['vanished', T('Vanished categories', 'Baseline categories no longer present.')],
  ['negatives', T('Negative values', 'Count of values below zero.')],
  ['nan', T('NaN values', 'Count of not-a-number values.')],
  ['infinite', T('Infinite values', 'Count of ±Infinity values.')],
  ['kind', T('Kind', 'Inferred column kind.')],
  // Model comparison metrics.
  ['auc', T('AUC', 'Chance that a random positive row scores above a random negative one.', { better: 'higher' })],
  ['log_loss', T('Log loss', 'Mean negative log-likelihood of the true labels.', { better: 'lower' })],
  ['recall', T('Recall', 'Of the rows that are truly positive, the share predicted positive.', { better: 'higher' })],
  ['f1', T('F1 score', 'Harmonic mean of precision and recall.', { better: 'higher' })],
  ['rmse', T('RMSE', 'Root mean squared error of the predictions.', { better: 'lower' })],
  ['mae', T('MAE', 'Mean absolute error of the predictions.', { better: 'lower' })],
  ['agreement', T('Agreement', 'Share of rows where both models predict the same.', { better: 'higher' })],
  ['flipRate', T('Flip rate', 'Share of rows whose predicted class changes from A to B.', { better: 'lower' })],
  // A/B tests.
  ['relativeLift', T('Relative lift', '(treatment − control) / control.')],
  ['srm', T('Sample ratio mismatch', 'χ² test of the observed split against the expected one.', { threshold: 'fails when p < 0.001' })],
  ['pValue', T('p-value', 'Chance of a difference at least this large if there were none.', { threshold: 'significant below α (0.05)' })],
  ['alwaysValidP', T('Always-valid p-value', 'A p-value that stays valid when you look at the results every day (mSPRT).')],
  // Profile.
  ['missingPct', T('Missing', 'Share of empty values.')],
  ['std', T('Standard deviation', 'Spread of the values (sample, n − 1).')],
  ['mean', T('Mean', 'Average of the values.')],
  ['duplicateRows', T('Duplicate rows', 'Rows equal to an earlier row in every column.')],
  // SHAP.
  ['meanAbsShap', T('Mean |SHAP|', "Average size of a feature's contribution to the model's output.", { better: 'higher' })],
];

/** The table: display name, definition, threshold per id (a Map: ids come from reports and user config). */
export const VOCABULARY: ReadonlyMap<string, Term> = new Map(ENTRIES);

/** "demographicParityRatio" → "Demographic parity ratio"; "log_loss" → "Log loss"; "tpr" → "Tpr". */
export function humanize(id: string): string {
  const words = id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : id;
}

/** The term for an id: from the table, else a humanized name with no definition. */
export function term(id: string): Term {
  return VOCABULARY.get(id) ?? { name: humanize(id), definition: '' };
}

/** What a tooltip says: "Definition. Threshold." */
export function termTooltip(id: string): string {
  const t = term(id);
  return [t.definition, t.threshold ? `Threshold: ${t.threshold}.` : '', t.better ? `Better: ${t.better}.` : ''].filter(Boolean).join(' ');
}

/** True for a label that looks like a raw identifier (camelCase or snake_case metric id) or raw JSON. */
export function looksRaw(label: string): boolean {
  return /\b[a-z]+[A-Z][A-Za-z]*\b/.test(label) || /[{[]\s*"/.test(label) || /^\s*[{[].*[}\]]\s*$/.test(label);
}
