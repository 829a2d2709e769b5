// Several features' hovers at one position as one (lsp/hovers.ts): each one's contents in order, a rule between them,
// plain text escaped as Markdown, a marked string's code fenced; the first's range.
import assert from 'node:assert/strict';
import { mergedHover } from '../../../src/lsp/hovers';

describe('merged hovers', () => {
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } };

  it('none, or one unchanged', () => {
    assert.equal(mergedHover([]), null);
    const one = { contents: 'only', range };
    assert.equal(mergedHover([one]), one);
  });

  it('several: their contents in order as Markdown, a rule between them, the first range', () => {
    const merged = mergedHover([
      { contents: { kind: 'markdown', value: '**a**' }, range },
      { contents: { kind: 'plaintext', value: 'x_y <b>' } },
      { contents: [{ language: 'hcl', value: 'a = 1' }, 'tail'] },
      { contents: { kind: 'markdown', value: '  ' } },
    ]);
    assert.deepEqual(merged, { contents: { kind: 'markdown', value: '**a**\n\n---\n\nx\\_y \\<b\\>\n\n---\n\n```hcl\na = 1\n```\n\ntail' }, range });
  });
});
