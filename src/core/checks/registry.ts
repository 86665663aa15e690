import { comparisonCheck } from './kinds/comparisonCheck';
import { driftCheck } from './kinds/driftCheck';
import { evaluationCheck } from './kinds/evaluationCheck';
import { experimentCheck } from './kinds/experimentCheck';
import { fairnessCheck } from './kinds/fairnessCheck';
import { healthCheck } from './kinds/healthCheck';
import { rulesCheck } from './kinds/rulesCheck';
import type { CheckKind } from './types';

/** Every kind of check, in the order reports list them. A new kind is one file in kinds/ plus one line here. */
export const CHECK_KINDS: readonly CheckKind<never>[] = [driftCheck, healthCheck, fairnessCheck, rulesCheck, experimentCheck, comparisonCheck, evaluationCheck] as unknown as readonly CheckKind<never>[];
