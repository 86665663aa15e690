// An independent reference for the e2e checks: reads a CSV with a few lines of plain JavaScript (RFC 4180
// quoting, no type inference library, no DuckDB) and computes what the profile panel should show.
// Definitions follow test/fixtures/profile (pandas with keep_default_na=False, na_values=['']):
//   missing    = number of empty fields in the column
//   duplicates = rows - number of distinct rows (pandas df.duplicated().sum())
//   numeric    = every non-empty field is a decimal number; mean over the finite values (arithmetic mean)
import { readFileSync } from 'node:fs';

/** Splits CSV text into records of fields; handles "quoted, fields" and "" escapes (RFC 4180 §2). */
export function parseCsv(text, delimiter = ',') {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) { record.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The expected profile of a CSV file: { rows, columns, duplicates, byColumn: { name: { missing, distinct, numeric, mean } } }. */
export function referenceProfile(file, delimiter = ',') {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'), delimiter);
  const distinctRows = new Set(rows.map((r) => JSON.stringify(r)));
  const byColumn = {};
  header.forEach((name, j) => {
    const present = rows.map((r) => r[j] ?? '').filter((v) => v !== '');
    const numeric = present.length > 0 && present.every((v) => NUMBER.test(v));
    const values = numeric ? present.map(Number) : present;
    byColumn[name] = {
      missing: rows.length - present.length,
      distinct: new Set(values).size,
      numeric,
      mean: numeric ? values.reduce((a, v) => a + v, 0) / values.length : null,
    };
  });
  return { rows: rows.length, columns: header.length, duplicates: rows.length - distinctRows.size, header, byColumn };
}
