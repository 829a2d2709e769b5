import { isAlias, visit, type Node } from 'yaml';
import { t } from '../../l10n/t';
import { report, type CheckContext } from '../data';
import { recursiveAliasRule } from '../rules';

/** An alias inside the node its anchor names (`env: &e { A: *e }`): a value that contains itself, which GitHub rejects. */
export function checkRecursiveAliases(check: CheckContext): void {
  const { doc } = check.model;
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      if (!target || !path.includes(target as unknown as Node)) return;
      const [start, end] = isAlias(alias) && alias.range ? alias.range : [0, 0];
      report(check, recursiveAliasRule.id, start, end, t('*{0} refers to the value it is inside of (anchor &{0}): the value would contain itself, and GitHub rejects the workflow.', alias.source));
    },
  });
}
