import { biasToHtml } from '../../core/bias/biasHtml';
import { biasToMarkdown } from '../../core/bias/biasMarkdown';
import { mergeBiasPartials } from '../../core/partial/biasPartialMerge';
import { parseBiasPartial } from '../../core/partial/biasPartialParse';
import { mergeProfilePartials } from '../../core/partial/profilePartialMerge';
import { parseProfilePartial } from '../../core/partial/profilePartialParse';
import { profileToMarkdown } from '../../core/profile/profileMarkdown';
import { InputError } from '../../core/errors';

/** Analyses whose partial results 'model-lens merge' adds up besides validate. */
export const PARTIAL_ANALYSES: readonly string[] = ['validate', 'bias', 'profile'];

/** The merged report of non-validate partials, rendered, and the failed checks to print on stderr. */
export async function mergeOtherPartials(analysis: string, docs: readonly unknown[], files: readonly string[], format: 'json' | 'md' | 'html'): Promise<{ text: string; failures: string[] }> {
  switch (analysis) {
    case 'bias': {
      const parts = docs.map((d, i) => parseBiasPartial(d, files[i]!));
      const report = await mergeBiasPartials(parts);
      const text = format === 'md' ? biasToMarkdown(report) : format === 'html' ? biasToHtml(report) : JSON.stringify(report, null, 2);
      const failures = report.checks.filter((c) => c.status === 'fail').map((c) => `model-lens merge: check failed: ${c.check} for ${c.attribute} (value ${c.value ?? ''}${c.note ? `; ${c.note}` : ''})`);
      return { text, failures };
    }
    case 'profile': {
      if (format === 'html') throw new InputError('BAD_ARGUMENT', 'merge: a merged profile is json or md.');
      const report = mergeProfilePartials(docs.map((d, i) => parseProfilePartial(d, files[i]!)));
      return { text: format === 'md' ? profileToMarkdown(report) : JSON.stringify(report, null, 2), failures: [] };
    }
    default:
      throw new RangeError(`merge: no merge for ${analysis}`);
  }
}
