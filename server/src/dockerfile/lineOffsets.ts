import type * as Vendor from './vendor.lazy';
import type { LineIndex } from '../common/lineIndex';

/**
 * Speed (#68): the parse's TextDocument (vscode-languageserver-textdocument) computes the offsets its
 * lines start at on its first position lookup, the same ones as the file's LineIndex (the same line
 * ends: \n, \r\n, a lone \r; computed by each once per version: 4 % of an edit). The document the
 * parse makes for the text of the LineIndex `current` gives (dockerfileModel's parse; none for other
 * parses) is given the index's, which neither changes (the document changes its own only in `update`,
 * never called on a parse's), before the parse reads it: right after the document is made, when the
 * parser looks for its directives.
 */
export function shareLineOffsets(parser: typeof Vendor.Parser, current: () => LineIndex | undefined): void {
  const methods = parser.prototype as unknown as Record<string, (this: unknown, ...args: unknown[]) => unknown>;
  const { getParserDirectives } = methods;
  methods.getParserDirectives = function (document, buffer) {
    const lines = current();
    if (lines !== undefined && lines.text === buffer && Reflect.get(document as object, '_lineOffsets') === undefined) Reflect.set(document as object, '_lineOffsets', lines.starts);
    return getParserDirectives.call(this, document, buffer);
  };
}
