/**
 * Speed (#68): dockerfile-ast's parser reads every comment line of the file again on each parse (`processComment`: the
 * line read to its end, two positions, a range and a Comment made) — on the first edits after a start, while that code
 * still runs in the interpreter, and V8 then compiles it (16 ms on its thread, in an edit). A Comment is its line only
 * (its document and range: `Line`), so when a file is parsed again, a comment whose full line is the same at the same
 * line and column as in that file's last parse is that one, moved into the new document (as model.ts takes unchanged
 * instructions). The Dockerfile it leaves is superseded (a model still holding it is made again: model.ts).
 */
import type { Dockerfile } from 'dockerfile-ast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LastParses } from './lastParses';

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

/** A comment of a parse: its full line (line end included), its column and its end from the line's start, the Dockerfile it was added to. */
class MadeComment {
  constructor(
    readonly comment: { document: TextDocument },
    readonly line: string,
    readonly start: number,
    readonly end: number,
    readonly dockerfile: Dockerfile,
  ) {}
}

/** The comments of each file's last parse, by line; the last few files parsed. */
const lastComments = new LastParses<MadeComment>();

/** Forgets the comments kept (forgetInstructionResults: the next parse reads every line). */
export function forgetComments(): void {
  lastComments.clear();
}

/**
 * Patches the parser's `parse` and `processComment` (before model.ts's own patches wrap them): `fileOfParse` is the file
 * the parse under way is made for (undefined: a parse that keeps nothing, dockerfile-utils' own), `supersede` marks a
 * Dockerfile a comment was taken from.
 */
export function reuseUnchangedComments(methods: Record<string, (this: Record<string, unknown>, ...args: unknown[]) => unknown>, fileOfParse: () => string | undefined, supersede: (from: Dockerfile) => void): void {
  const { parse, processComment } = methods;
  // The Dockerfile last marked superseded by this parse (its comments mostly come from one).
  let marked: Dockerfile | undefined;
  methods.parse = function (buffer) {
    return lastComments.around(fileOfParse(), () => parse.call(this, buffer), () => (marked = undefined));
  };
  // The parser reads a comment from its `#` to the line's end (a \r or \n, or the end of the text), adds it and returns that end.
  methods.processComment = function (dockerfile, start) {
    const { made, last } = lastComments;
    if (made === undefined) return processComment.call(this, dockerfile, start);
    const document = this.document as TextDocument;
    const buffer = this.buffer as string;
    const position = document.positionAt(start as number);
    const lineStart = (start as number) - position.character;
    const before = last?.[position.line];
    const target = dockerfile as Dockerfile & { addComment(comment: unknown): void; getComments(): unknown[] };
    if (before !== undefined && before.start === position.character && sameLines(buffer, lineStart, before.line)) {
      before.comment.document = document;
      if (before.dockerfile !== target && before.dockerfile !== marked) supersede((marked = before.dockerfile));
      target.addComment(before.comment);
      made[position.line] = new MadeComment(before.comment, before.line, before.start, before.end, target);
      return lineStart + before.end;
    }
    const end = processComment.call(this, dockerfile, start) as number;
    const comments = target.getComments();
    const line = buffer.slice(lineStart, document.offsetAt({ line: position.line + 1, character: 0 }));
    made[position.line] = new MadeComment(comments[comments.length - 1] as unknown as { document: TextDocument }, line, position.character, end - lineStart, target);
    return end;
  };
}
