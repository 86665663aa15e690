import { InputError } from '../errors';
import type { HealthCheck } from './check';
import { cadenceCheck } from './checks/cadence';
import { categoriesCheck } from './checks/categories';
import { distributionCheck } from './checks/distribution';
import { duplicatesCheck } from './checks/duplicates';
import { frozenCheck } from './checks/frozen';
import { invalidCheck } from './checks/invalid';
import { missingCheck } from './checks/missing';
import { parseCheck } from './checks/parse';
import { rangeCheck } from './checks/range';
import { rowCountCheck } from './checks/rowCount';
import { schemaCheck } from './checks/schema';
import { stalenessCheck } from './checks/staleness';

/** Every health check, in report order. An explicit array: adding a check means adding it here. */
export const HEALTH_CHECKS: readonly HealthCheck[] = [
  schemaCheck, parseCheck, rowCountCheck, missingCheck, frozenCheck, stalenessCheck, cadenceCheck,
  categoriesCheck, rangeCheck, invalidCheck, distributionCheck, duplicatesCheck,
];

export function getHealthCheck(id: string): HealthCheck {
  const c = HEALTH_CHECKS.find((x) => x.id === id);
  if (!c) {
    const valid = HEALTH_CHECKS.map((x) => x.id);
    throw new InputError('UNKNOWN_CHECK', `Unknown health check '${id}'. Valid ids are: ${valid.join(', ')}.`, { id, valid });
  }
  return c;
}
