/**
 * Control characters that must never reach a terminal or a notification raw: C0 controls other than tab and
 * newline (ESC starts ANSI/OSC sequences that recolour, retitle or rewrite a terminal; CR overwrites a line),
 * DEL, C1 controls (0x9B is a one-byte CSI), and the Unicode bidirectional overrides and isolates that can make
 * text read differently from what it is ("Trojan Source").
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A message made safe to print: every unsafe character is shown as a visible escape (`\x1B`, `\u202E`), so a
 * file name or a value from a hostile file is still recognisable but cannot act on the terminal. Applied where
 * messages leave Model Lens: InputError messages, the CLI's stderr, and the extension's notifications.
 */
export function sanitizeMessage(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/** One line for a terminal or a log: sanitized, with newlines and runs of white space collapsed to one space. */
export function oneLine(text: string): string {
  return sanitizeMessage(text.replace(/\s*\n\s*/g, ' ').replace(/\t/g, ' '));
}
