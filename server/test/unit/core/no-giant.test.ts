// No giant (issue #53): the lint step (eslint.config.mjs, run with --max-warnings 0) refuses a
// function over 150 lines and a file over 600 in the source of the server, the client and the pages.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint, Linter } from 'eslint';
import { repoRoot } from '../../helpers';

/** A function of `lines` lines, its braces included. */
function functionOf(lines: number): string {
  return ['export function planted() {', '  let n = 0;', ...Array.from({ length: lines - 4 }, () => '  n++;'), '  return n;', '}', ''].join('\n');
}

describe('the lint step refuses giants', function () {
  this.timeout(120_000);

  for (const file of ['server/src/aNewFamily/rules.ts', 'client/src/commands/aNewFamily.ts', 'webviews/aNewPage/main.ts']) {
    it(`a function of 151 lines fails in ${file.split('/').slice(0, 2).join('/')}, one of 150 passes; a file of 601 lines fails`, async () => {
      const config = (await new ESLint({ cwd: repoRoot }).calculateConfigForFile(path.join(repoRoot, file))) as Linter.Config;
      const rules = { 'max-lines-per-function': config.rules?.['max-lines-per-function'], 'max-lines': config.rules?.['max-lines'] } as Linter.RulesRecord;
      assert.ok(rules['max-lines-per-function'] && rules['max-lines'], `no size rules for ${file}`);
      const lint = (text: string) => new Linter().verify(text, { rules }).map((message) => `${message.ruleId ?? ''} ${message.severity}`);
      assert.deepEqual(lint(functionOf(151)), ['max-lines-per-function 2']);
      assert.deepEqual(lint(functionOf(150)), []);
      const file601 = Array.from({ length: 601 }, (_, i) => `export const v${i} = ${i};`).join('\n');
      assert.deepEqual(lint(file601), ['max-lines 2']);
    });
  }
});
