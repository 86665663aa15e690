import type { ColumnDetails } from './driftReport';

/**
 * Category names a drift report keeps per list (unseen, vanished, a test's categories). A column of zip codes or
 * user agents has tens of thousands: listing them all made a 1,000-column report 180 MB (100 such columns, each
 * ~1 MB of names), too big for a panel message and unreadable in Markdown. Above this many the report keeps the
 * first ones (sorted by name, as they are computed) and says how many there are.
 */
export const LISTED_CATEGORIES = 1000;
/** Names a person is shown per list (panel, Markdown, HTML) before "… and N more". */
export const SHOWN_CATEGORIES = 20;

/** The first LISTED_CATEGORIES of `names`, and their total when that is more. */
export function listedCategories(names: readonly string[]): { names: string[]; total?: number } {
  return names.length > LISTED_CATEGORIES ? { names: names.slice(0, LISTED_CATEGORIES), total: names.length } : { names: [...names] };
}

/** Sets unseen/vanished categories on `details`, capped, with their totals when capped. */
export function setCategoryChanges(details: ColumnDetails, unseen: readonly string[], vanished: readonly string[]): void {
  const u = listedCategories(unseen);
  const v = listedCategories(vanished);
  details.unseenCategories = u.names;
  details.vanishedCategories = v.names;
  if (u.total !== undefined) details.unseenCategoryCount = u.total;
  if (v.total !== undefined) details.vanishedCategoryCount = v.total;
}

/** A test's details with its `categories` list capped (`categoryCount`: how many it compared). */
export function cappedTestDetails(details: Record<string, unknown>): Record<string, unknown> {
  const c = details['categories'];
  if (!Array.isArray(c) || c.length <= LISTED_CATEGORIES) return details;
  return { ...details, categories: c.slice(0, LISTED_CATEGORIES), categoryCount: c.length };
}

/** "a, b, c … and 7,041 more" for a person: the first SHOWN_CATEGORIES names and how many others there are. */
export function categoryListText(names: readonly string[] | undefined, total = names?.length ?? 0, shown = SHOWN_CATEGORIES): string {
  if (!names?.length) return '';
  const listed = names.slice(0, shown);
  const more = Math.max(total, names.length) - listed.length;
  return `${listed.join(', ')}${more > 0 ? ` … and ${more.toLocaleString('en-US')} more` : ''}`;
}
