/**
 * A string read from the workspace (a service's name, a file path, a label) as each output format may
 * carry it (#92): one escaper per format, used by every writer of that format, so that a name is
 * written the same way by every command and none of them lets it become structure (a table cell, a
 * spreadsheet formula, a terminal escape sequence, a CI runner's command).
 */

/**
 * The characters a terminal or a CI log reads as control: C0 and C1 controls (a line break ends the line a
 * GitHub Actions runner reads `::error::`/`::stop-commands::` from, ESC starts a sequence that drives the
 * terminal), DEL, the line and paragraph separators, and the bidirectional overrides and isolates that
 * make a text read otherwise than it is stored (Trojan Source).
 */
// eslint-disable-next-line no-control-regex -- the control characters are what a terminal must not receive raw.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A workspace string in terminal text: every control character written as its escape (`\n`, `\x1b`,
 * `\u202e`), so one value stays on its line and prints as stored; everything else unchanged.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, (c) => SHORT[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A workspace string as Markdown text, in a table cell or a sentence: each character that can open or close
 * an inline structure of GitHub's Markdown backslash-escaped (CommonMark allows it for any ASCII
 * punctuation) — `\\` and `` ` `` (code), `*` `~` and `_` (emphasis; `_` not between letters or digits, where it never is: `learning_rate` stays), `[` `]` (links), `<` `>` (HTML, autolinks),
 * `&` (entities), `|` (a table cell's end), `$` (math), `@` (a mention), `#` (an issue reference) and the
 * `:` of `://` (a bare URL) — and every run of line breaks and other control characters made one space (a
 * cell is one line). Dots, hyphens, digits and the rest stay as they are, so a version, a date or a number
 * reads as written in the raw text too.
 */
export function markdownText(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what cannot stay on a Markdown line.
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/[\\`*~[\]<>|&$@#]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])|:(?=\/\/)/gu, (c) => `\\${c}`);
}

/** A number as a spreadsheet reads one (`-0.5`, `+3`, `1e-3`): left as it is by csvCell. */
const NUMBER = /^[-+]?(\d+(?:\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A CSV cell (RFC 4180): a text a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a
 * tab or a carriage return, OWASP's list — is prefixed with `'`, numbers excepted (`-0.5` stays a number);
 * then quoted when it holds a separator, a quote or a line break.
 */
export function csvCell(text: string): string {
  const first = text.charCodeAt(0);
  // = + - @ TAB CR
  if ((first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
