import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { repositoryYamlFiles } from '../../helpers';
import { yamlBeyondLimits, yamlLimitScan } from '../../../src/yaml/limits';

/** The count yamlBeyondLimits answers from without the scan when it is at most the limit: the longest line's length + 1, and every `[`, `{` and `:`. */
function countBound(text: string): number {
  const longest = Math.max(...text.split('\n').map((line) => line.length));
  return longest + 1 + [...text].filter((c) => c === '[' || c === '{' || c === ':').length;
}

/** yamlBeyondLimits against the whole scan (yamlLimitScan, which never takes the count's way), at the count's limit and around it, and at the real one. */
function sameAsScan(text: string, where: string): void {
  const bound = countBound(text);
  for (const limit of [bound - 1, bound, bound + 1, 200, 4]) {
    if (limit < 1) continue;
    assert.deepEqual(yamlBeyondLimits(text, limit), yamlLimitScan(text, limit).exceeded, `${where}, limit ${limit} (count ${bound})`);
  }
}

/**
 * The limit scan finds a line's special characters (brackets, quotes, `#`) with a search it
 * remembers across lines (#68: lines without any cost no regular expression run). Each case is a
 * path that search takes, with the offset the scan gave before it (one regular expression run up to
 * each special character or line break): where the limit of 4 is crossed, or undefined.
 */
const cases: { name: string; text: string; offset: number | undefined }[] = [
  { name: 'a quoted scalar over two lines, then brackets after it on its last line', text: 'a: "x\n  y" [[[ # c\nb: [[[', offset: 22 },
  { name: 'a comment after a quoted scalar over two lines hides its brackets', text: 'a: "one\n two" # [[[[[[\nb:\n  c:\n    d: 1\n', offset: undefined },
  { name: 'a `#` after a non-blank is no comment', text: 'a: x#[[[[\nb: [[[[', offset: 8 },
  { name: "single-quoted scalars with '' escapes, one over two lines", text: "a: 'it''s [[[[' \nb: '[[\n[[' [[[[", offset: 31 },
  { name: 'a block scalar body is not read', text: 'a: |\n  [[[[[[[[\n  {{{{\nb: [[[[', offset: 29 },
  { name: 'no line break at the end', text: 'a:\n  b:\n    c: [[[{', offset: 16 },
  { name: 'indentation alone', text: `${Array.from({ length: 8 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`, offset: 26 },
  { name: 'compact sequences', text: '- - - - - - - x\n', offset: 8 },
  // A bracket in a plain scalar opens a flow collection for the scan (an upper estimate): the
  // colons of the lines after it count, found by searches that run over several lines.
  { name: 'a bracket in a plain scalar, then plain lines', text: `summary: too many [errors\n${Array.from({ length: 8 }, (_, i) => `k${i}: v`).join('\n')}\n`, offset: 46 },
];

describe('YAML limit scan (yaml/limits.ts)', function () {
  for (const { name, text, offset } of cases) {
    it(`finds the limit as before: ${name}`, () => {
      assert.equal(yamlBeyondLimits(text, 4)?.offset, offset);
      const scan = yamlLimitScan(text, 4);
      assert.equal(scan.exceeded?.offset, offset);
      assert.equal(scan.complete, offset === undefined);
    });
  }

  it('answers from counts (no scan) only what the scan answers: the repository\'s YAML files and random YAML-like texts, at limits around the count', () => {
    let files = 0;
    for (const file of repositoryYamlFiles()) {
      const text = readFileSync(file, 'utf8');
      if (text.length > 200_000) continue;
      sameAsScan(text, file);
      files++;
    }
    assert.ok(files > 100, `${files} files`);
    const token = fc.constantFrom('a', 'key: ', '- ', '- - ', '  ', '    ', '\n', '\n  ', '\nb:', '[', ']', '{', '}', '"', "'", ',', ': ', ' #', '|', '>', '\r\n', '\t', 'http://x');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 300 }), (parts) => sameAsScan(parts.join(''), 'random')),
      { seed: 68, numRuns: 3000 },
    );
  });

  it('reads a text of thousands of lines without a special character, and a special character far below', () => {
    const plain = Array.from({ length: 5000 }, (_, i) => `key${i}: value ${i}`).join('\n');
    assert.equal(yamlBeyondLimits(plain, 4), undefined);
    assert.equal(yamlBeyondLimits(`${plain}\nlast: [[[[`, 4)?.offset, plain.length + 10);
  });
});
