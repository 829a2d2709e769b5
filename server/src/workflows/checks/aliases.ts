import { isAlias, isNode, visit, type Node } from 'yaml';
import { t } from '../../l10n/t';
import { report, type CheckContext } from '../model/data';
import { recursiveAliasRule } from './rules';

/**
 * An alias inside the node its anchor names (`env: &e { A: *e }`): a value that contains itself; an
 * alias whose anchor is not defined before it. GitHub rejects both.
 */
export function checkRecursiveAliases(check: CheckContext): void {
  const { doc } = check.model;
  // Anchors as met in document order (an alias names the latest anchor before it). The yaml
  // package's Alias.resolve walks the whole document for each alias: quadratic, minutes for a file
  // of 20,000 aliases; one walk here, with each anchor recorded before its children are visited.
  const anchors = new Map<string, Node>();
  visit(doc, (_key, node, path) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        const [start, end] = node.range ?? [0, 0];
        report(check, recursiveAliasRule.id, start, end, t('*{0} names no anchor defined before it (&{0}): YAML cannot read the file, and GitHub rejects the workflow.', node.source));
        return;
      }
      if (!path.includes(target)) return;
      const [start, end] = node.range ?? [0, 0];
      report(check, recursiveAliasRule.id, start, end, t('*{0} refers to the value it is inside of (anchor &{0}): the value would contain itself, and GitHub rejects the workflow.', node.source));
      return;
    }
    if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
  });
}
