import { extname } from 'node:path';
import { InputError } from '../errors';

/** 'table': a warehouse table opened through a source (warehouse/sourceDataset.ts), never a file. */
export type DatasetFormat = 'csv' | 'tsv' | 'parquet' | 'jsonl' | 'arrow' | 'xlsx' | 'table';

/** File extensions Model Lens reads, per format. Kept in one place: the manifest's `when` clauses mirror it. */
export const FORMAT_EXTENSIONS: Readonly<Record<DatasetFormat, readonly string[]>> = {
  csv: ['.csv'],
  tsv: ['.tsv', '.tab'],
  parquet: ['.parquet', '.pq', '.parq'],
  jsonl: ['.jsonl', '.ndjson'],
  arrow: ['.arrow', '.feather', '.ipc'],
  xlsx: ['.xlsx'],
  table: [],
};

/** The format of a dataset file, from its extension. Throws UNSUPPORTED_FORMAT listing what is supported. */
export function detectFormat(path: string): DatasetFormat {
  const ext = extname(path).toLowerCase();
  for (const [format, exts] of Object.entries(FORMAT_EXTENSIONS) as [DatasetFormat, readonly string[]][]) {
    if (exts.includes(ext)) return format;
  }
  const known = Object.values(FORMAT_EXTENSIONS).flat().join(', ');
  throw new InputError('UNSUPPORTED_FORMAT', `${path}: unsupported file type '${ext || '(none)'}'. Model Lens reads ${known}.`, { path, ext });
}
