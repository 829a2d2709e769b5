/**
 * Which files Ansible says something of beyond its selector (common/ownFiles.ts), model/kind.ts kindOf's necessary
 * condition: a role's folders, a first document that is a list (plays, tasks), an inventory's hosts or children.
 * (A `- ` at the start of a later line is a mapping's list, a rule file's `groups:`.)
 */
import { startsWithList, YAML_FILE, type OwnFiles } from '../common/ownFiles';

export const ansibleOwn: OwnFiles = {
  reads: 'beyond-yaml',
  test: (path, text) => YAML_FILE.test(path) && (/\/(tasks|handlers|defaults|vars|meta)\//.test(path) || startsWithList(text() ?? '-') || /\b(hosts|children)\s*:/.test(text() ?? '')),
};
