import { filesOf, type SelectingFamily } from './select';
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
 * Of the families that read beyond their selector (or have none), those whose features read YAML files only
 * there: Helm's Argo CD Applications, Ansible's task files known by the playbooks including them, Threagile
 * models. A check with no YAML file among its files and context has nothing to create them for.
 */
export const READ_BEYOND_ONLY_YAML: ReadonlySet<string> = new Set(['helm', 'ansible', 'threats']);

/** Families whose features say nothing in a check (no findings: completion only): `archipel check` never creates them. */
export const SILENT_IN_A_CHECK: ReadonlySet<string> = new Set(['snippets']);

/** The YAML files (workspace/index.ts IndexedFile.isYaml). */
const YAML_FILE = /\.ya?ml$/i;

/** The first bytes of a file (undefined: unreadable), for a sniff; `bytes`: how many at most. */
export type HeadReader = (file: string, bytes: number) => string | undefined;

/** The sniffed files at most per family: past them a candidate counts as taken (a large tree's check creates the family, as without `head`). */
const SNIFFED_PER_FAMILY = 256;

/** What choosing a family needs of it: a full descriptor (a test's list) or a light entry (lazy.generated.ts: `features` and `system` say whether it has them). */
export interface ChosenFamily extends SelectingFamily {
  readonly id: string;
  readonly features?: unknown;
  readonly system?: unknown;
}

/**
 * The families whose features `archipel check` creates for `files` (the checked files and their
 * context), in the list's order: a family whose selector takes one of the files — by its name, or, for
 * a sniffed candidate, by its first bytes (`head`; without it a candidate is taken) — one that reads
 * beyond its selector (those reading only YAML there: when a file is YAML), one without a selector (the
 * same), and, with the system map, those without a selector whose contribution to it may read any file.
 * Never a family with no feature or none that says something in a check. Creating a family's features
 * costs its start-up (Terraform's HCL parser is WebAssembly, Kubernetes reads its schema validators),
 * and choosing among the light entries (lazy.generated.ts) before any is loaded costs its code: a check
 * of one rule file pays for the families that can say something about it, not for all of them.
 */
export function familiesFor<F extends ChosenFamily>(files: readonly string[], settings: ArchipelSettings, list: readonly F[], head?: HeadReader): F[] {
  const someYaml = files.some((file) => YAML_FILE.test(file));
  const creates = (family: F): boolean => {
    if (!family.features || SILENT_IN_A_CHECK.has(family.id)) return false;
    if (READ_BEYOND_ONLY_YAML.has(family.id) && someYaml) return true;
    if (!family.files) return !READ_BEYOND_ONLY_YAML.has(family.id);
    if (READ_BEYOND_THEIR_SELECTOR.has(family.id) && !READ_BEYOND_ONLY_YAML.has(family.id)) return true;
    const matcher = filesOf(settings, [family]);
    let sniffed = 0;
    return files.some((file) => {
      const selection = matcher.match(file);
      if (selection !== 'sniff') return selection === 'yes';
      if (!head || ++sniffed > SNIFFED_PER_FAMILY) return true;
      const text = head(file, matcher.sniffBytes(file));
      return text !== undefined && matcher.claims(file, text);
    });
  };
  const chosen = new Set(list.filter(creates));
  // The system map reads every family's contribution: one without a selector may find its elements in any file.
  if ([...chosen].some((family) => family.id === 'system')) for (const family of list) if (!family.files && family.system) chosen.add(family);
  return list.filter((family) => chosen.has(family));
}
