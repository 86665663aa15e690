import { InputError } from '../errors';

/** Where the advice points: a CLI user sets an environment variable, an extension user a setting. */
export type Host = 'cli' | 'extension' | 'any';

const MEMORY_FIX: Record<Host, string> = {
  cli: 'Raise the engine\'s memory limit (e.g. MODEL_LENS_MEMORY_LIMIT=4GB model-lens …; default 1GB), or analyse fewer columns or rows',
  extension: 'Raise the engine\'s memory limit with the setting modelLens.engine.memoryLimit (default 1GB), or analyse fewer columns or rows',
  any: 'Raise the engine\'s memory limit (default 1GB; the setting modelLens.engine.memoryLimit in VS Code, MODEL_LENS_MEMORY_LIMIT=4GB for the CLI), or analyse fewer columns or rows',
};

/**
 * A limit of the engine or of JavaScript hit while working on an input (DuckDB out of memory, a report too large to
 * hold as text, an allocation that failed) as an InputError 'ENGINE_LIMIT' naming the setting or option that helps,
 * so no input ends in "internal error". Undefined for anything else.
 */
export function describeLimitError(e: unknown, host: Host, limit?: string): InputError | undefined {
  if (e instanceof InputError || !(e instanceof Error)) return undefined;
  const first = e.message.split('\n')[0] ?? '';
  if (/Out of Memory Error|failed to allocate|memory limit.*exceeded|could not allocate/i.test(first) && !/Invalid Input Error/.test(first)) {
    const detail = first.replace(/^(Error: )?Out of Memory Error: /, '');
    return new InputError('ENGINE_LIMIT', `The data engine ran out of memory (${detail})${limit ? ` with its limit at ${limit}` : ''}. ${MEMORY_FIX[host]}.`, { engine: first, ...(limit ? { limit } : {}) });
  }
  if (/No space left on device|max_temp_directory_size|Maximum temp(orary)? directory size/i.test(first)) {
    return new InputError('ENGINE_LIMIT', `The data engine's temporary folder is full (${first.replace(/^(Error: )?/, '')}). It spills there when a query needs more than its memory limit: free space in the OS temp folder (TMPDIR), or raise the memory limit. ${MEMORY_FIX[host]}.`, { engine: first });
  }
  // DuckDB's statistics raise on values whose squares overflow a double (|x| above ~1e154): STDDEV_SAMP, VAR_POP, ….
  const range = /Out of Range Error: (\w+) is out of range/i.exec(first);
  if (range) {
    return new InputError('VALUE_OUT_OF_RANGE', `A column holds numbers too large for the engine to compute ${range[1]!.toLowerCase()} (values beyond about ±1e154 overflow a double when squared). Rescale the column (e.g. divide by 1e100) or leave it out of the analysis.`, { engine: first });
  }
  if (e instanceof RangeError && /Invalid string length/.test(first)) {
    return new InputError('ENGINE_LIMIT', 'The report is too large to hold as text (over 512 MB). Ask for less: fewer rows (--rows), fewer columns or groups, or a more compact format.', {});
  }
  if (e instanceof RangeError && /Array buffer allocation failed|Invalid typed array length|Invalid array length/.test(first)) {
    return new InputError('ENGINE_LIMIT', `Not enough memory for this input (${first}). ${MEMORY_FIX[host]}.`, {});
  }
  return undefined;
}
