import type { Family } from './descriptor';
import { familyFiles } from './index';
import type { ArchipelSettings } from '../settings';

/**
 * The families with a feature that reads files its family's selector does not take (the feature
 * says so with its own `takes`): the system map's (any file may hold a service or an address) and
 * Helm's Argo CD check (an Application in any YAML) and Ansible's (a task file is known by the
 * playbook that includes it, a YAML file of any name). `server/test/unit/core/cliCheckFamilies.test.ts`
 * creates every family's features and fails when this list misses one.
 */
export const READ_BEYOND_THEIR_SELECTOR: ReadonlySet<string> = new Set(['system', 'helm', 'ansible']);

/**
 * Families whose features read beyond their selector but only speak of what their own files
 * declare: Terraform's stack check reads workflows and Argo CD Applications for cluster names and
 * is quiet without a Terraform cluster, so a check with no Terraform file in its files or context
 * (the repository around them) has nothing to take it for.
 */
export const READ_BEYOND_FOR_THEIR_OWN: ReadonlySet<string> = new Set(['terraform']);

/**
 * Families whose features say which files they take only to narrow their selector: privacy's
 * selector is every YAML file, its feature takes the Fides manifests and pipelines among them. Their
 * selector alone decides whether `archipel check` creates them.
 */
export const TAKE_WITHIN_THEIR_SELECTOR: ReadonlySet<string> = new Set(['privacy']);

/**
 * The families whose features `archipel check` creates for `files` (the checked files and their
 * context): a family without a selector, one whose selector takes or may take (by sniffing) one of
 * the files, one that reads beyond its selector. Creating a family's features costs its start-up
 * (Terraform's HCL parser is WebAssembly, Kubernetes reads its schema validators): a check of one
 * rule file pays for the families that can say something about it, not for all of them.
 */
export function familiesFor(files: readonly string[], settings: ArchipelSettings, list: readonly Family[]): Family[] {
  return list.filter((family) => {
    if (!family.files || READ_BEYOND_THEIR_SELECTOR.has(family.id)) return true;
    const matcher = familyFiles(settings, [family]);
    return files.some((file) => matcher.match(file) !== 'no');
  });
}
