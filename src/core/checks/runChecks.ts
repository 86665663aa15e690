import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, isAbsolute } from 'node:path';
import { CancelledError, isInputError } from '../errors';
import type { ModelAccess } from '../models/modelAccess';
import type { WorkspaceConfig } from './config';
import type { CheckEnv, CheckOutcome, CheckStatus, ChecksReport, ModelCard, ModelSpec, PlannedCheck } from './types';

export interface RunChecksOptions {
  /** Only the checks with these ids (default: all). */
  only?: readonly string[];
  /** Called before each check starts (index of total), e.g. for progress. */
  onCheckStart?: (id: string, index: number, total: number) => void;
  /** Called when each check is done. */
  onCheckDone?: (outcome: CheckOutcome) => void;
  /** A reason not to run a check (e.g. it runs a model in an untrusted workspace); it is reported as 'error'. */
  refuse?: (check: PlannedCheck) => string | undefined;
}

/** Checks that run a model: version comparisons, and fairness or rules checks scored by a configured model. */
export function runsModel(check: PlannedCheck): boolean {
  return check.kind.kind === 'comparison' || typeof (check.spec as { model?: unknown }).model === 'string';
}

const ORDER: readonly CheckStatus[] = ['pass', 'warn', 'fail', 'error'];

/** The worst status wins: error > fail > warn > pass. */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((w, s) => (ORDER.indexOf(s) > ORDER.indexOf(w) ? s : w), 'pass');
}

/**
 * Runs the configured checks one after another on one engine. A check whose input is bad (a missing file, an
 * unknown column: InputError) gets status 'error' with the message and the others still run; cancellation stops
 * the whole run (CancelledError). Anything else is a bug and propagates.
 */
export async function runChecks(config: WorkspaceConfig, env: CheckEnv, options: RunChecksOptions = {}): Promise<ChecksReport> {
  const started = Date.now();
  const planned = options.only ? config.checks.filter((c) => options.only!.includes(c.id)) : config.checks;
  const checks: CheckOutcome[] = [];
  for (const [i, c] of planned.entries()) {
    if (env.signal?.aborted) throw new CancelledError();
    options.onCheckStart?.(c.id, i, planned.length);
    const t0 = Date.now();
    let outcome: CheckOutcome;
    const refused = options.refuse?.(c);
    if (refused !== undefined) {
      outcome = { id: c.id, kind: c.kind.kind, title: c.title, files: c.files, status: 'error', summary: `Not run: ${refused}`, findings: [], metrics: {}, durationMs: 0 };
      checks.push(outcome);
      options.onCheckDone?.(outcome);
      continue;
    }
    try {
      const body = await c.kind.run(c.spec, env);
      outcome = { id: c.id, kind: c.kind.kind, title: c.title, files: c.files, ...body, durationMs: Date.now() - t0 };
    } catch (e) {
      if (!isInputError(e) || e.code === 'CANCELLED') throw e;
      const message = e.message.replace(/\s*\n\s*/g, ' ');
      outcome = {
        id: c.id, kind: c.kind.kind, title: c.title, files: c.files, status: 'error',
        summary: `Could not run: ${message}`,
        findings: [{ severity: 'error', message, ...(c.files[0] ? { file: c.files[0] } : {}) }],
        metrics: {}, durationMs: Date.now() - t0,
      };
    }
    checks.push(outcome);
    options.onCheckDone?.(outcome);
  }
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, error: 0 };
  for (const c of checks) counts[c.status] += 1;
  return {
    config: config.file,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    status: worstStatus(checks.map((c) => c.status)),
    counts,
    checks,
    models: [...config.context.models.values()].map((m) => modelCard(m, env.models, env.baseDir)),
  };
}

/**
 * What the report's model-card section says about a declared model: read from the file, never run. Without the
 * model capability (Restricted Mode) only the declared name and path: the model is not parsed (an ONNX file would
 * start onnxruntime) and no card is read. A card is read only when it is a Markdown/text file inside the
 * configuration's folder (`baseDir`) or the model's folder, by real path, so a `card:` entry cannot copy another
 * file (~/.ssh/…, /etc/…, .env) into a shared report.
 */
export function modelCard(m: ModelSpec, models: ModelAccess | undefined, baseDir: string): ModelCard {
  const card: ModelCard = { name: m.name, path: m.path };
  if (!models) {
    card.error = 'not read in Restricted Mode; trust the workspace to describe this model.';
    return card;
  }
  try {
    const model = models.read(m.path);
    card.kind = model.kind;
    card.objective = model.objective;
    card.features = model.numFeatures;
    if (model.trees) card.trees = model.trees.numTrees;
    model.dispose?.();
  } catch (e) {
    if (!isInputError(e)) throw e;
    card.error = e.message;
  }
  const cardFile = m.card ?? [join(dirname(m.path), 'MODEL_CARD.md'), join(dirname(m.path), `${basename(m.path).replace(/\.[^.]+$/, '')}.md`)].find((f) => existsSync(f));
  if (cardFile && existsSync(cardFile)) {
    if (!CARD_TEXT.test(cardFile)) card.error = `model card ${cardFile} is not a Markdown or text file (.md, .markdown, .txt); it is not included.`;
    else if (inside(cardFile, baseDir) || inside(cardFile, dirname(m.path))) card.card = models.readText(cardFile);
    else card.error = `model card ${cardFile} is outside the configuration's folder ${baseDir} and the model's folder; move it there to include it.`;
  } else if (m.card) card.error = `model card ${m.card} not found`;
  return card;
}

const CARD_TEXT = /\.(md|markdown|txt)$/i;

/** Whether `file` (its real path: links followed) lies inside `dir`. */
function inside(file: string, dir: string): boolean {
  let real: string;
  let root: string;
  try {
    real = realpathSync(file);
    root = realpathSync(dir);
  } catch {
    return false;
  }
  const rel = relative(root, real);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
