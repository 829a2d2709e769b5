/**
 * What each file's last parse made, by line, for the next parse of that file (model.ts's instructions,
 * takenComments.ts's comments: #68): the parse under way reads the last one's (`last`) and writes its own (`made`),
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
