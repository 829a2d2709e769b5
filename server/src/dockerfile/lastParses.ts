/**
 * What each file's last parse made, by line, for the next parse of that file (patches.ts' instructions,
 * reuseUnchangedComments' comments: #68): the parse under way reads the last one's (`last`) and writes its own (`made`),
 * which become that file's last when it ends. By line: arrays, not maps (a number looked up for each line of each
 * version). The last few files parsed are kept.
 */
export class LastParses<T> {
  private readonly byFile = new Map<string, (T | undefined)[]>();
  /** The parse under way's file's last parse, by line; undefined outside a parse that keeps what it makes. */
  last: (T | undefined)[] | undefined;
  /** What the parse under way made, by line; undefined outside a parse that keeps what it makes. */
  made: (T | undefined)[] | undefined;

  constructor(private readonly maxFiles = 8) {}

  /** Runs `parse`, made for `file` (undefined: a parse that keeps nothing), with `last` and `made` set; `after`: when it ends. */
  around<R>(file: string | undefined, parse: () => R, after: () => void): R {
    this.last = file === undefined ? undefined : this.byFile.get(file);
    this.made = file === undefined ? undefined : [];
    try {
      return parse();
    } finally {
      if (file !== undefined && this.made !== undefined) {
        // The file parsed last is the last one forgotten.
        this.byFile.delete(file);
        if (this.byFile.size >= this.maxFiles) this.byFile.delete(this.byFile.keys().next().value!);
        this.byFile.set(file, this.made);
      }
      this.made = this.last = undefined;
      after();
    }
  }

  /** Forgets every file's (the next parse of each reads every line). */
  clear(): void {
    this.byFile.clear();
  }
}

/**
 * Whether `buffer` holds `lines` at `from` as whole lines (what a TextDocument splits at: \n, \r\n, a
 * lone \r): the same text, and where it ends the same line end (the end of the text, or not a \r
 * followed by a \n).
 */
export function sameLines(buffer: string, from: number, lines: string): boolean {
  // A slice compared by `===` (in blocks; past the text's end: shorter), not `startsWith` (by character: 5 % of an edit, #68).
  if (buffer.slice(from, from + lines.length) !== lines) return false;
  const last = lines.charCodeAt(lines.length - 1);
  const after = from + lines.length;
  // 10: \n, 13: \r.
  if (last === 10) return true;
  if (last === 13) return buffer.charCodeAt(after) !== 10;
  return after === buffer.length;
}
