import { InputError } from '../errors';
import { anderson } from './tests/anderson';
import { chisquare } from './tests/chisquare';
import { cramerVonMises } from './tests/cramerVonMises';
import { empiricalMmd } from './tests/empiricalMmd';
import { energy } from './tests/energy';
import { fisherExact } from './tests/fisherExact';
import { gTest } from './tests/gTest';
import { hellinger } from './tests/hellinger';
import { jensenshannon } from './tests/jensenshannon';
import { klDiv } from './tests/klDiv';
import { ks } from './tests/ks';
import { mannw } from './tests/mannw';
import { psi } from './tests/psi';
import { tTest } from './tests/tTest';
import { tvd } from './tests/tvd';
import { wasserstein } from './tests/wasserstein';
import { z } from './tests/z';
import type { DriftTest } from './types';

/** Every drift statistic, by Evidently id. An explicit array: adding a test means adding it here. */
export const DRIFT_TESTS: readonly DriftTest[] = [
  ks, chisquare, z, jensenshannon, wasserstein, psi, klDiv, hellinger, anderson, cramerVonMises,
  energy, tTest, mannw, gTest, fisherExact, tvd, empiricalMmd,
];

/** Looks a drift test up by id; throws InputError 'UNKNOWN_TEST' listing the valid ids. */
export function getDriftTest(id: string): DriftTest {
  const t = DRIFT_TESTS.find((d) => d.id === id);
  if (!t) {
    const valid = DRIFT_TESTS.map((d) => d.id);
    throw new InputError('UNKNOWN_TEST', `Unknown drift test '${id}'. Valid ids are: ${valid.join(', ')}.`, { id, valid });
  }
  return t;
}
