import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../core/errors';
import { own } from '../core/dict';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parse a subcommand's argv strictly; unknown options and missing values become InputError('BAD_ARGUMENT'). */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (e) {
    const msg = (e instanceof Error ? e.message.split('\n')[0]! : String(e)).replace(/\.+$/, '');
    throw new InputError('BAD_ARGUMENT', `${msg}. Run 'model-lens ${command} --help' for usage.`);
  }
}

/** A number-looking value: -1, -0.5, -.5, -1e3, -inf, -Infinity, -nan. */
const NEGATIVE_NUMBER = /^-(\d|\.\d|inf(inity)?$|nan$)/i;

/**
 * `--top -1` → `--top=-1` for options that take a value, so the command can say what values it accepts (node's
 * parseArgs otherwise calls the value "ambiguous", as it could be an option).
 */
function joinNegativeValues(argv: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    const spec = name === undefined ? undefined : own(options, name);
    if (spec?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

export function oneOf<T extends string>(command: string, name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError('BAD_ARGUMENT', `${command}: --${name} must be one of ${allowed.join(', ')} (got '${value}').`);
}
