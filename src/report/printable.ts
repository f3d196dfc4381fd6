// Text read from the input (a referral id, an agency name, a file name, a plugin rule's
// message) as the human-readable reports and stderr print it. A control character in it could
// otherwise drive the terminal (ESC [2J clears it, ESC ]0; retitles it), start a new line that
// a CI log reads as a command (`::error`, `::add-mask::`, `::stop-commands::`), or, with the
// bidirectional controls, show the text in another order than it is stored. Each such
// character is shown escaped instead, so the reader sees that it is there and which it is.
// The JSON and SARIF reports keep text exactly: JSON escapes control characters itself.

/**
 * What is shown escaped: every control character (C0, DEL, C1), the line and paragraph
 * separators U+2028 and U+2029, and the bidirectional marks, embeddings, overrides and isolates.
 */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, 'gu');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export interface PrintableOptions {
  /**
   * Leave CR and LF as they are, for a format that escapes line breaks in its own way
   * (a GitHub workflow command's %0A, a Markdown table cell's <br>).
   */
  keepLineBreaks?: boolean;
}

/**
 * The text with each control character shown escaped: `\n`, `\r`, `\t`, else `\xHH` (ESC is
 * `\x1b`, BEL `\x07`, CSI `\x9b`) or `\uHHHH` (U+202E is `\u202e`). A backslash already in the
 * text is left as it is, so a Windows path reads as written. Text without any is returned as it is.
 */
export function printable(text: string, options: PrintableOptions = {}): string {
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE_ALL, (char) => {
    if (options.keepLineBreaks && (char === '\n' || char === '\r')) return char;
    const named = NAMED[char];
    if (named !== undefined) return named;
    const code = char.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
