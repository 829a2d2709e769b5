// Regular expressions are audited by the lint step (issue #67): eslint-plugin-regexp's rules against
// super-linear backtracking and super-linear moves are errors in the source of the server, the
// client and the pages, so that a pattern like the banner reader's /^(---\s*)?(#.*\s*)*$/ (2^N steps
// on a line of N `#` then content) fails `npm test`. Planted in a file of each, with the lint step's
// own configuration; the linear rewrites pass.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint, Linter } from 'eslint';
import { repoRoot } from '../../helpers';

/** What the lint step says of a source text at `file`: `rule severity line`, the plugin's rules only. */
async function regexpFindings(file: string, text: string): Promise<string[]> {
  const config = (await new ESLint({ cwd: repoRoot }).calculateConfigForFile(path.join(repoRoot, file))) as Linter.Config;
  const rules = Object.fromEntries(Object.entries(config.rules ?? {}).filter(([id]) => id.startsWith('regexp/'))) as Linter.RulesRecord;
  const plugin = config.plugins?.regexp;
  assert.ok(plugin, `eslint-plugin-regexp is not configured for ${file}`);
  return new Linter()
    .verify(text, [{ files: ['**/*.ts'], languageOptions: { parser: config.languageOptions?.parser }, plugins: { regexp: plugin }, rules }], file)
    .map((message) => `${message.ruleId ?? ''} ${message.severity} ${message.line}`);
}

const planted = [
  // The banner reader of issue #67, exponential.
  'export const onlyComments = (text: string) => /^(---\\s*)?(#.*\\s*)*$/.test(text);',
  // Quadratic on a run of spaces followed by anything else.
  "export const trimmed = (line: string) => line.replace(/\\s+$/, '');",
  // Prometheus's relabel target as it was written: exponential on a long name followed by a stray character.
  'export const target = /^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$/;',
].join('\n');

const rewritten = [
  "export const trimmed = (line: string) => line.replace(/(?<!\\s)\\s+$/, '');",
  'export const target = /^(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w))(?:\\w|\\$(?:\\{\\w+\\}|\\w))*$/;',
  'export const number = /^[+-]?(\\d+(?:\\.\\d*)?|\\.\\d+)(e[+-]?\\d+)?$/i;',
].join('\n');

describe('the lint step refuses super-linear regular expressions', function () {
  this.timeout(120_000);

  for (const file of ['server/src/aNewFamily/rules.ts', 'client/src/commands/aNewFamily.ts', 'webviews/aNewPage/main.ts']) {
    it(`in ${file.split('/').slice(0, 2).join('/')}: the banner pattern, a trailing trim and the old relabel target are errors; their rewrites pass`, async () => {
      const found = await regexpFindings(file, planted);
      for (const expected of ['regexp/no-super-linear-backtracking 2 1', 'regexp/no-super-linear-move 2 2', 'regexp/no-super-linear-backtracking 2 3']) assert.ok(found.includes(expected), `${expected} not in ${found.join(', ')}`);
      assert.deepEqual(await regexpFindings(file, rewritten), []);
    });
  }

  it("the plugin's recommended rules that find bugs are errors too (a useless alternative; a contradicted assertion, said of each of its two word boundaries)", async () => {
    assert.deepEqual(await regexpFindings('server/src/aNewFamily/rules.ts', 'export const pinned = /(==|>=|===|<)/;\nexport const said = /\\bmodel\\b.*\\bnot\\b/;\n'), ['regexp/no-dupe-disjunctions 2 1', 'regexp/no-contradiction-with-assertion 2 2', 'regexp/no-contradiction-with-assertion 2 2']);
  });
});
