import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../core/errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parse a subcommand's argv strictly; unknown options and missing values become InputError('BAD_ARGUMENT'). */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new InputError('BAD_ARGUMENT', `${command}: ${msg}. Run 'model-lens ${command} --help' for usage.`);
  }
}

export function oneOf<T extends string>(command: string, name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError('BAD_ARGUMENT', `${command}: --${name} must be one of ${allowed.join(', ')} (got '${value}').`);
}
