import type { ColumnKind } from './types';

export interface DefaultTestChoice {
  readonly testId: string;
  /** 0.05 for p-value tests, 0.1 for distances. */
  readonly threshold: number;
}

interface Rule {
  readonly kinds: readonly ColumnKind[];
  readonly smallReference: boolean;
  /** Inclusive range of n_unique (distinct non-missing values in reference ∪ current). */
  readonly minUnique: number;
  readonly maxUnique: number;
  readonly choice: DefaultTestChoice;
}

const P = 0.05;
const D = 0.1;
const ANY = Number.POSITIVE_INFINITY;

/**
 * Evidently's documented default-test table (get_default_stattest), first match wins.
 * "small reference" = reference has ≤ 1000 rows; "low-cardinality numeric" = n_unique ≤ 5.
 */
export const DEFAULT_TEST_RULES: readonly Rule[] = [
  { kinds: ['numeric'], smallReference: true, minUnique: 0, maxUnique: 2, choice: { testId: 'z', threshold: P } },
  { kinds: ['numeric'], smallReference: true, minUnique: 3, maxUnique: 5, choice: { testId: 'chisquare', threshold: P } },
  { kinds: ['numeric'], smallReference: true, minUnique: 6, maxUnique: ANY, choice: { testId: 'ks', threshold: P } },
  { kinds: ['categorical', 'boolean'], smallReference: true, minUnique: 0, maxUnique: 2, choice: { testId: 'z', threshold: P } },
  { kinds: ['categorical', 'boolean'], smallReference: true, minUnique: 3, maxUnique: ANY, choice: { testId: 'chisquare', threshold: P } },
  { kinds: ['numeric'], smallReference: false, minUnique: 0, maxUnique: 5, choice: { testId: 'jensenshannon', threshold: D } },
  { kinds: ['numeric'], smallReference: false, minUnique: 6, maxUnique: ANY, choice: { testId: 'wasserstein', threshold: D } },
  { kinds: ['categorical', 'boolean'], smallReference: false, minUnique: 0, maxUnique: ANY, choice: { testId: 'jensenshannon', threshold: D } },
];

/** The default drift test for a column: a pure lookup in DEFAULT_TEST_RULES. */
export function defaultTest(kind: ColumnKind, referenceRows: number, nUnique: number): DefaultTestChoice {
  const small = referenceRows <= 1000;
  const rule = DEFAULT_TEST_RULES.find((r) => r.kinds.includes(kind) && r.smallReference === small && nUnique >= r.minUnique && nUnique <= r.maxUnique);
  // The table covers every (kind, size, n_unique ≥ 0) combination; this is unreachable for valid input.
  if (!rule) throw new Error(`no default drift test for kind=${kind}, n=${referenceRows}, nUnique=${nUnique}`);
  return rule.choice;
}
