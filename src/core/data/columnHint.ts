/**
 * Why a column name was not found when a column of the same name in another case exists. Lookups of column names
 * are exact (case-sensitive) everywhere, and the engine keeps names unique regardless of case, so a second
 * column whose name differs only in case from an earlier one is renamed on load ('A' → 'A_1', reported as a
 * DUPLICATE_COLUMNS issue). '' when there is nothing to add.
 */
export function columnHint(name: string, columns: readonly string[]): string {
  const lower = name.toLowerCase();
  const sameInCase = columns.filter((c) => c.toLowerCase() === lower);
  if (sameInCase.length === 0) return '';
  const renamed = columns.find((c) => c.startsWith(`${name}_`) && /^\d+$/.test(c.slice(name.length + 1)));
  if (renamed !== undefined) {
    return ` The file has a column '${name}' and a column '${sameInCase[0]}', which differ only in case; column names are not told apart by case, so '${name}' is named '${renamed}' here. Use '${renamed}', or rename one of them in the file.`;
  }
  return ` Column names are case-sensitive: did you mean '${sameInCase[0]}'?`;
}
