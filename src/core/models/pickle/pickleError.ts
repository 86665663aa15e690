/**
 * A problem found while reading a pickle, before the file's name is known to the message. `what` completes
 * "<file> …", e.g. "asks for posix.system". readPickle turns it into an InputError with the file name and the
 * promise that nothing was run.
 *
 * Codes: PICKLE_REFUSED (the file asks for something Model Lens never does: a name off the allow-list, a
 * persistent id, an extension code), PICKLE_LIMIT (a size or count above the reader's bounds), BAD_PICKLE
 * (malformed or truncated), UNSUPPORTED_MODEL (well-formed, but a variant Model Lens does not read).
 */
export type PickleErrorCode = 'PICKLE_REFUSED' | 'PICKLE_LIMIT' | 'BAD_PICKLE' | 'UNSUPPORTED_MODEL';

export class PickleError extends Error {
  constructor(readonly code: PickleErrorCode, readonly what: string, readonly details: Record<string, unknown> = {}) {
    super(what);
    this.name = 'PickleError';
  }
}
