/**
 * What an edit changed between two versions of a text: their common prefix and suffix (the suffix
 * never overlapping the prefix). [start, oldEnd) of `before` became [start, newEnd) of `after`.
 * The incremental readers (Terraform's re-parse, YAML's block-edit read) start from it.
 */
export function changedSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}
