import { InputError } from '../errors';
import { inferKind } from '../profile/inferKind';
import type { BiasData } from './biasData';

/*
 * A sensitive attribute groups people (gender, age band, region). An identifier (applicant_id, email) or a continuous
 * number (income) makes one group per row: 100,000 ids gave 75 MB of JSON, a 3.5 GB HTML render and a bootstrap that
 * never finished (issue 17 item 8). Such attributes are refused before the audit scans, with how to fix it, and the
 * bootstrap's work is bounded by cells × draws.
 */

/** Most groups one sensitive attribute may have; above, the audit asks for binned values. */
export const MAX_GROUPS_PER_ATTRIBUTE = 1000;
/** Most (finest cells × draws) a bootstrap may take: about 4 s of CPU here (6,300 cells × 793 draws took 44 s). */
export const MAX_BOOTSTRAP_CELL_DRAWS = 500_000;

/**
 * Refuses sensitive attributes the profile would call identifiers (inferKind: every value distinct, ≥ 20 values,
 * id-like) and attributes with more than MAX_GROUPS_PER_ATTRIBUTE distinct values. One small query per attribute.
 * @throws InputError SENSITIVE_IDENTIFIER | TOO_MANY_GROUPS
 */
export async function requireGroupableAttributes(data: Pick<BiasData, 'attributeStats'>, sensitive: readonly string[], types: ReadonlyMap<string, string>): Promise<void> {
  for (const name of sensitive) {
    const { nonNull, distinct, meanLength, spaceShare } = await data.attributeStats(name);
    const kind = inferKind({ name, type: types.get(name) ?? 'VARCHAR', nonNull, distinct, meanLength, spaceShare });
    const counts = `${distinct.toLocaleString('en')} distinct values in ${nonNull.toLocaleString('en')} rows`;
    if (kind === 'identifier') {
      throw new InputError(
        'SENSITIVE_IDENTIFIER',
        `sensitive attribute '${name}' looks like an identifier (${counts}): every row would be its own group. Choose an attribute that groups people (e.g. gender, age band, region), or derive one from '${name}'.`,
        { attribute: name, distinct, rows: nonNull },
      );
    }
    if (distinct > MAX_GROUPS_PER_ATTRIBUTE) {
      throw new InputError(
        'TOO_MANY_GROUPS',
        `sensitive attribute '${name}' has ${counts}, more than the ${MAX_GROUPS_PER_ATTRIBUTE.toLocaleString('en')} groups a bias audit compares. Bin it into a few groups first (e.g. age → age band, income → quartiles).`,
        { attribute: name, distinct, rows: nonNull, limit: MAX_GROUPS_PER_ATTRIBUTE },
      );
    }
  }
}

/** Refuses a bootstrap of `draws` over `cells` finest cells when cells × draws exceeds MAX_BOOTSTRAP_CELL_DRAWS. */
export function checkBootstrapWork(cells: number, draws: number): void {
  if (cells * draws <= MAX_BOOTSTRAP_CELL_DRAWS) return;
  const most = Math.max(1, Math.floor(MAX_BOOTSTRAP_CELL_DRAWS / Math.max(cells, 1)));
  throw new InputError(
    'BOOTSTRAP_TOO_LARGE',
    `--bootstrap ${draws.toLocaleString('en')} over ${cells.toLocaleString('en')} groups (the intersections of the sensitive attributes) is ${(cells * draws).toLocaleString('en')} group-draws, above the limit of ${MAX_BOOTSTRAP_CELL_DRAWS.toLocaleString('en')}. Use --bootstrap ${most.toLocaleString('en')} or fewer, or fewer or coarser sensitive attributes.`,
    { cells, draws, limit: MAX_BOOTSTRAP_CELL_DRAWS },
  );
}
