// The index of a schema bundle's definitions that server/src/schema/lazyBundle.ts reads instead of
// scanning the file's 2.45 MB for their keys at every cold start (#68): the bundle as the
// generators write it (`JSON.stringify(bundle, null, 2)`), with `x-archipel-definition-spans`
// before `definitions`. The spans are byte lengths, in order, two per definition: its key's (between
// the quotes, as written) and its value's (from `{` to `}`, as written at that depth). They hold no
// offset, so they do not depend on the text before the definitions (this index included). The
// reader checks every span against the text's layout and scans when one does not match: a stale
// index costs time, never a different result.
import { Buffer } from 'node:buffer';

export const SPANS_KEY = 'x-archipel-definition-spans';

/** `bundle` with the index of its definitions, as the last key before `definitions` (which stays last). */
export function withDefinitionSpans(bundle) {
  const { definitions, ...head } = bundle;
  delete head[SPANS_KEY];
  const spans = [];
  for (const [name, value] of Object.entries(definitions)) {
    // A definition sits two levels deep: JSON.stringify's own lines, each indented four more spaces
    // (a JSON string holds no raw line feed, so every line feed is the layout's).
    spans.push(Buffer.byteLength(JSON.stringify(name)) - 2, Buffer.byteLength(JSON.stringify(value, null, 2).replace(/\n/g, '\n    ')));
  }
  return { ...head, [SPANS_KEY]: spans.join(' '), definitions };
}
