import type { CodeLens } from 'vscode-languageserver-types';
import type { Feature } from '../features/feature';
import { t } from '../l10n/t';
import { isRuleTestFile } from './knowledge';
import { field, type Located } from './yamlValues';

/** The client command a "Run rule tests" lens runs: `promtool test rules FILE` in a task (client/src/commands/ruleTests.ts). */
export const runRuleTestsCommand = 'archipel.runRuleTests';

/**
 * A "Run rule tests" lens on every promtool unit-test file (`rule_files` + `tests:`), on its
 * `tests` key, when promtool is on the PATH (`promtool()`: the family looks it up once).
 */
export function ruleTestLenses(promtool: () => boolean): Feature {
  return {
    id: 'prometheus-rule-tests',
    codeLenses(file): CodeLens[] {
      if (!file.text.includes('tests') || !file.text.includes('rule_files')) return [];
      const lenses: CodeLens[] = [];
      for (const { offset, chunk } of file.yaml?.chunks ?? []) {
        if (!chunk.wellFormed || !isRuleTestFile(chunk.value)) continue;
        if (!promtool()) return [];
        const root: Located = { value: chunk.value, node: chunk.tree };
        const key = field(root, 'tests')?.key ?? chunk.tree;
        const start = offset + (key?.start ?? 0);
        const end = offset + (key?.end ?? 0);
        lenses.push({ range: file.lines.range(start, end), command: { title: t('Run rule tests'), command: runRuleTestsCommand, arguments: [{ uri: file.uri }] } });
      }
      return lenses;
    },
  };
}
