import { biasToHtml } from '../../core/bias/biasHtml';
import { biasToMarkdown } from '../../core/bias/biasMarkdown';
import { mergeBiasPartials } from '../../core/partial/biasPartialMerge';
import { parseBiasPartial } from '../../core/partial/biasPartialParse';
import { mergeProfilePartials } from '../../core/partial/profilePartialMerge';
import { parseProfilePartial } from '../../core/partial/profilePartialParse';
import { profileToMarkdown } from '../../core/profile/profileMarkdown';
import { InputError } from '../../core/errors';
import { Engine } from '../../core/data/engine';
import { driftToHtml } from '../../core/drift/driftHtml';
import { driftToMarkdown } from '../../core/drift/driftMarkdown';
import { driftDetected } from '../../core/drift/runDrift';
import type { DriftSettings } from '../../core/drift/driftSettings';
import { driftFromPartials } from '../../core/partial/driftFromPartials';
import { oneOf } from '../args';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../command';
import { checkOutput, emit, stderrLine } from '../output';
import { sketchNotes } from '../../core/drift/sketchNotes';
import { dirname, resolve } from 'node:path';

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

/** `merge --reference … --current …`: drift of two sides' profile partials (exact from their value maps, else from sketches unless --exact). */
export async function mergeDrift(values: Record<string, unknown>, positionals: readonly string[], read: (file: string) => unknown): Promise<number> {
  const ref = (values['reference'] as string[] | undefined) ?? [];
  const cur = (values['current'] as string[] | undefined) ?? [];
  if (!ref.length || !cur.length || positionals.length) throw new InputError('BAD_ARGUMENT', "merge: drift takes --reference and --current partial profiles and no other files, e.g. 'model-lens merge --reference r1.json --reference r2.json --current c1.json'.");
  const format = oneOf('merge', 'format', values['format'] as string | undefined, ['json', 'md', 'html'] as const, 'json');
  const files = [...ref, ...cur];
  const out = values['out'] as string | undefined;
  checkOutput(out, files);
  const parse = (f: string) => parseProfilePartial(read(f), f);
  const refParts = ref.map(parse);
  const curParts = cur.map(parse);
  const inputs = [...files, ...[...refParts, ...curParts].flatMap((p, i) => [resolve(p.dataset), resolve(dirname(files[i]!), p.dataset)])];
  checkOutput(out, inputs);
  const engine = await Engine.create();
  try {
    const settings: DriftSettings = {};
    if (typeof values['label'] === 'string') settings.label = values['label'];
    if (typeof values['prediction'] === 'string') settings.prediction = values['prediction'];
    const report = await driftFromPartials(engine, refParts, curParts, settings, { reference: refParts.map((p) => p.dataset), current: curParts.map((p) => p.dataset) }, { sketches: values['exact'] !== true });
    emit(format === 'md' ? driftToMarkdown(report) : format === 'html' ? driftToHtml(report) : JSON.stringify(report, null, 2), out, inputs);
    for (const line of sketchNotes(report)) stderrLine(`model-lens merge: ${line}`);
    return driftDetected(report) || report.dataset.undecided === true ? EXIT_CHECK_FAILED : EXIT_OK;
  } finally {
    engine.close();
  }
}
