import assert from 'node:assert/strict';
import { inferKind, type KindEvidence } from '../../../src/core/profile/inferKind';
import type { ColumnKind } from '../../../src/core/profile/types';

/** The kind-inference table, one row per rule plus the boundaries between rules. */
const TABLE: [string, KindEvidence, ColumnKind][] = [
  ['BOOLEAN type', { name: 'flag', type: 'BOOLEAN', nonNull: 10, distinct: 2 }, 'boolean'],
  ['0/1 integers', { name: 'approved', type: 'BIGINT', nonNull: 100, distinct: 2, smallDomain: ['0', '1'] }, 'boolean'],
  ['yes/no text', { name: 'churn', type: 'VARCHAR', nonNull: 100, distinct: 2, smallDomain: ['no', 'yes'], meanLength: 2.5, spaceShare: 0 }, 'boolean'],
  ['two other integers stay numeric', { name: 'code', type: 'BIGINT', nonNull: 100, distinct: 2, smallDomain: ['1', '2'] }, 'numeric'],
  ['a single 1 is not boolean', { name: 'one', type: 'BIGINT', nonNull: 100, distinct: 1, smallDomain: ['1'] }, 'numeric'],
  ['DATE', { name: 'day', type: 'DATE', nonNull: 10, distinct: 10 }, 'datetime'],
  ['TIMESTAMP WITH TIME ZONE', { name: 'ts', type: 'TIMESTAMP WITH TIME ZONE', nonNull: 10, distinct: 10 }, 'datetime'],
  ['unique integer named *_id', { name: 'customer_id', type: 'BIGINT', nonNull: 1000, distinct: 1000 }, 'identifier'],
  ['unique integer not named like an id', { name: 'amount', type: 'BIGINT', nonNull: 1000, distinct: 1000 }, 'numeric'],
  ['unique *_id but too few rows', { name: 'row_id', type: 'BIGINT', nonNull: 19, distinct: 19 }, 'numeric'],
  ['DOUBLE', { name: 'income', type: 'DOUBLE', nonNull: 1000, distinct: 300 }, 'numeric'],
  ['DECIMAL(10,2)', { name: 'price', type: 'DECIMAL(10,2)', nonNull: 1000, distinct: 300 }, 'numeric'],
  ['unique short tokens', { name: 'sku', type: 'VARCHAR', nonNull: 500, distinct: 500, meanLength: 8, spaceShare: 0 }, 'identifier'],
  ['long free text', { name: 'notes', type: 'VARCHAR', nonNull: 500, distinct: 200, meanLength: 60, spaceShare: 0.9 }, 'text'],
  ['short sentences, mostly distinct', { name: 'title', type: 'VARCHAR', nonNull: 500, distinct: 400, meanLength: 20, spaceShare: 0.8 }, 'text'],
  ['few levels', { name: 'region', type: 'VARCHAR', nonNull: 500, distinct: 4, meanLength: 5, spaceShare: 0 }, 'categorical'],
  ['high-cardinality codes, not unique', { name: 'zip', type: 'VARCHAR', nonNull: 500, distinct: 300, meanLength: 5, spaceShare: 0 }, 'text'],
  ['an entirely empty column', { name: 'empty', type: 'VARCHAR', nonNull: 0, distinct: 0 }, 'categorical'],
];

describe('inferKind (table-driven)', () => {
  for (const [label, evidence, kind] of TABLE) {
    it(`${label} → ${kind}`, () => assert.equal(inferKind(evidence), kind));
  }
});
