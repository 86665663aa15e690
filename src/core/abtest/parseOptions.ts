import { InputError } from '../errors';
import type { HarmDirection } from './types';

const fail = (msg: string): never => {
  throw new InputError('BAD_ARGUMENT', msg);
};

/** '50/50', '1/1/1', '0.34,0.33,0.33' → shares. */
export function parseSplit(text: string): number[] {
  const parts = text.split(/[/,:]/).map((s) => Number(s.trim()));
  if (parts.length < 2 || parts.some((x) => !(x > 0) || !Number.isFinite(x))) fail(`--expected-split must be positive shares separated by '/', control first, e.g. 50/50 or 34/33/33; got '${text}'.`);
  return parts;
}

/** 'latency_ms' (an increase is harmful) or 'retention:decrease'. */
export function parseGuardrail(text: string): { metric: string; harm: HarmDirection } {
  const m = /^(.*?)(?::(increase|decrease))?$/.exec(text.trim());
  if (!m || !m[1]) fail(`--guardrail '${text}' must be a column, optionally with :increase or :decrease (the harmful direction), e.g. latency_ms or retention:decrease.`);
  return { metric: m![1]!, harm: (m![2] as HarmDirection | undefined) ?? 'increase' };
}
