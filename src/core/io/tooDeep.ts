/**
 * Parsers and tree walkers recurse, so a file nested thousands of levels deep (`[[[[…`) overflows the stack with
 * V8's "Maximum call stack size exceeded", which tells a user nothing. These helpers recognise that and say what
 * it means; YAML, JSON and model readers use them.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** The explanation that replaces V8's message. */
export const TOO_DEEP = 'the file nests too deeply (thousands of levels of lists or mappings); real configurations, rules and models need a few dozen at most';

/** `message` with V8's stack-overflow text replaced by TOO_DEEP (unchanged otherwise). */
export function explainStackOverflow(message: string): string {
  return message.replace(/(RangeError: )?Maximum call stack size exceeded/g, TOO_DEEP);
}
