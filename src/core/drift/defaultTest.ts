import { chisquare } from './tests/chisquare';
import { jensenshannon } from './tests/jensenshannon';
import { ks } from './tests/ks';
import { wasserstein } from './tests/wasserstein';
import { z } from './tests/z';
import type { ColumnKind, DriftTest } from './types';

export interface DefaultTestChoice {
  readonly test: DriftTest;
  /** The test's id (= test.id). */
  readonly testId: string;
  /** 0.05 for p-value tests, 0.1 for distances. */
  readonly threshold: number;
  /**
   * The kind of sample the test gets: the column's kind, or 'categorical' for a numeric column with few values
   * compared by its value counts (as Evidently does). Always one of `test.appliesTo`.
   */
  readonly compareAs: ColumnKind;
}

interface Rule {
  readonly kinds: readonly ColumnKind[];
  readonly smallReference: boolean;
  /** Inclusive range of n_unique (distinct non-missing values in reference ∪ current). */
  readonly minUnique: number;
  readonly maxUnique: number;
  readonly test: DriftTest;
  readonly threshold: number;
  /** Compare the column as this kind (value counts); default: its own kind. */
  readonly compareAs?: ColumnKind;
}

const P = 0.05;
const D = 0.1;
const ANY = Number.POSITIVE_INFINITY;

/**
 * A policy row, refused at load time unless its test applies to what it will be given (each kind, or
 * `compareAs`): the policy and the tests' `appliesTo` cannot disagree (regression, issue 17 item 4: a 10-row
 * reference with a 3-value numeric column chose chisquare, which then refused the numeric column).
 */
function rule(r: Rule): Rule {
  for (const kind of r.kinds) {
    const as = r.compareAs ?? kind;
    if (!r.test.appliesTo.includes(as)) throw new Error(`default-test policy: '${r.test.id}' does not apply to ${as} (for ${kind} columns)`);
  }
  return r;
}

/**
 * Evidently's documented default-test table (get_default_stattest), first match wins.
 * "small reference" = reference has ≤ 1000 rows; "low-cardinality numeric" = n_unique ≤ 5, compared by its value
 * counts like a categorical column (Evidently treats such a column as categorical for its z and χ² tests).
 */
export const DEFAULT_TEST_RULES: readonly Rule[] = [
  rule({ kinds: ['numeric'], smallReference: true, minUnique: 0, maxUnique: 2, test: z, threshold: P, compareAs: 'categorical' }),
  rule({ kinds: ['numeric'], smallReference: true, minUnique: 3, maxUnique: 5, test: chisquare, threshold: P, compareAs: 'categorical' }),
  rule({ kinds: ['numeric'], smallReference: true, minUnique: 6, maxUnique: ANY, test: ks, threshold: P }),
  rule({ kinds: ['categorical', 'boolean'], smallReference: true, minUnique: 0, maxUnique: 2, test: z, threshold: P }),
  rule({ kinds: ['categorical', 'boolean'], smallReference: true, minUnique: 3, maxUnique: ANY, test: chisquare, threshold: P }),
  rule({ kinds: ['numeric'], smallReference: false, minUnique: 0, maxUnique: 5, test: jensenshannon, threshold: D }),
  rule({ kinds: ['numeric'], smallReference: false, minUnique: 6, maxUnique: ANY, test: wasserstein, threshold: D }),
  rule({ kinds: ['categorical', 'boolean'], smallReference: false, minUnique: 0, maxUnique: ANY, test: jensenshannon, threshold: D }),
];

/** The default drift test for a column: a pure lookup in DEFAULT_TEST_RULES. */
export function defaultTest(kind: ColumnKind, referenceRows: number, nUnique: number): DefaultTestChoice {
  const small = referenceRows <= 1000;
  const r = DEFAULT_TEST_RULES.find((x) => x.kinds.includes(kind) && x.smallReference === small && nUnique >= x.minUnique && nUnique <= x.maxUnique);
  // The table covers every (kind, size, n_unique ≥ 0) combination; this is unreachable for valid input.
  if (!r) throw new Error(`no default drift test for kind=${kind}, n=${referenceRows}, nUnique=${nUnique}`);
  return { test: r.test, testId: r.test.id, threshold: r.threshold, compareAs: r.compareAs ?? kind };
}
