import { sanitizeMessage } from './io/sanitize';

/**
 * The one error type core code throws for bad input. `code` is stable (tests assert it);
 * `message` names what was wrong, where, and how to fix it.
 */
export type InputErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_EMPTY'
  | 'NO_DATA_ROWS'
  | 'UNSUPPORTED_FORMAT'
  | 'BINARY_FILE'
  | 'NOT_UTF8'
  | 'RAGGED_ROWS'
  | 'PARSE_ERROR'
  | 'DUPLICATE_COLUMNS'
  | 'COLUMN_NOT_FOUND'
  | 'BAD_ARGUMENT'
  | 'CANCELLED'
  | (string & {});

export class InputError extends Error {
  readonly code: InputErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: InputErrorCode, message: string, details: Record<string, unknown> = {}) {
    // Messages quote file names and file content: control characters are made visible (core/io/sanitize.ts).
    super(sanitizeMessage(message));
    this.name = 'InputError';
    this.code = code;
    this.details = details;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/** Thrown when the caller's cancellation token fires; not a user mistake, so callers usually stay silent. */
export class CancelledError extends Error {
  constructor() {
    super('The operation was cancelled.');
    this.name = 'CancelledError';
  }
}
