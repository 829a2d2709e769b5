import { filePath } from '../common/fileSelector';
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

/** A file's first `bytes` bytes as UTF-8, and whether the file holds more (undefined: unreadable). */
export type HeadReader = (file: string, bytes: number) => { readonly text: string; readonly cut: boolean } | undefined;

/** The bytes of a file a content test (CHECKED_ONLY_IF) reads at most: a longer file passes it unread. */
const CONTENT_BYTES = 65_536;

/**
 * A necessary condition for a family whose selector takes every YAML file (or reads them beyond it) to say
 * anything of a file: its path, or its text (undefined: unread, too long; the condition then holds). Each mirrors
 * the family's own decision, named, and is looser where that one reads parsed values: `archipel check` creates
 * the family only when one of its files and their context passes (always when no `head` reader is given).
 */
export const CHECKED_ONLY_IF: ReadonlyMap<string, (path: string, text: () => string | undefined) => boolean> = new Map<string, (path: string, text: () => string | undefined) => boolean>([
  // raci/model.ts isRaciFile: `*.raci.yaml`, or a first document of `kind: raci`.
  // (`rac[iİ]` case-insensitive is `toLowerCase().includes('raci')` without a lowered copy of the text: İ lowers to i and a dot.)
  ['raci', (path, text) => /\.raci\.ya?ml$/i.test(path) || (YAML_FILE.test(path) && /rac[iİ]/i.test(text() ?? 'raci'))],
  // amdec/model.ts isAmdecFile: `*.amdec.yaml`/`*.fmea.yaml`, or a first document of `kind: amdec|fmea`.
  ['amdec', (path, text) => /\.(amdec|fmea)\.ya?ml$/i.test(path) || (YAML_FILE.test(path) && (/amdec|fmea/i.test(text() ?? 'amdec')))],
  // workflows/model/files.ts workflowKind: a workflow or an action, by path.
  ['workflows', (path) => /\/\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i.test(path) || /\/action\.ya?ml$/i.test(path)],
  // workspace/archipelConfig.ts isArchipelConfig (blur's section); predict/feature.ts targetOf (and a model card).
  ['blur', (path) => /(^|\/)archipel\.ya?ml$/i.test(path)],
  ['predict', (path) => /(^|\/)archipel\.ya?ml$/i.test(path) || /\.model\.ya?ml$/i.test(path)],
  // pipeline/document.ts isPipelineFile: dvc.yaml, *.pipeline.yaml.
  ['pipeline', (path) => /(^|\/)dvc\.yaml$/.test(path) || /\.pipeline\.ya?ml$/i.test(path)],
  // validate/suite.ts isSuiteFile: *.expectations.{json,yaml,yml}, a JSON file under expectations/.
  ['validate', (path) => /\.expectations\.(json|ya?ml)$/i.test(path) || /\/expectations\/(.+\/)?[^/]+\.json$/i.test(path)],
  // privacy/feature.ts takes: a pipeline file, or a Fides manifest.
  ['privacy', (path, text) => /(^|\/)dvc\.yaml$/.test(path) || /\.pipeline\.ya?ml$/i.test(path) || mayBeFides(path, text)],
  // threats/threagileFile.ts isThreagileFile: named threagile*.yaml / *.threagile.yaml, or a text with `threagile_version:`;
  // threats/workspace.ts asksForThreats (the risks derived from the map, on any file it reads): a Fides manifest, or an
  // AMDEC register tracking a threat (`x-threat`).
  ['threats', (path, text) => /(?:^|\/)(?:threagile[^/]*|[^/]*\.threagile)\.ya?ml$/i.test(path) || (YAML_FILE.test(path) && /^threagile_version:|\bx-threat\s*:/m.test(text() ?? 'threagile_version:')) || mayBeFides(path, text)],
  // helm/argocd.ts mayHoldApplication, beyond Helm's selector: an Argo CD Application in any YAML.
  ['helm', (path, text) => YAML_FILE.test(path) && (text()?.includes('argoproj.io') ?? true)],
  // ansible/model/kind.ts kindOf, beyond Ansible's selector: a role's folders, a first document that is a list (plays,
  // tasks), an inventory's hosts or children. (A `- ` at the start of a later line is a mapping's list, a rule file's `groups:`.)
  ['ansible', (path, text) => YAML_FILE.test(path) && (/\/(tasks|handlers|defaults|vars|meta)\//.test(path) || startsWithList(text() ?? '-') || /\b(hosts|children)\s*:/.test(text() ?? ''))],
  // kubernetes/feature.ts, of a YAML file: a document with `apiVersion` and `kind` (its schema check and objects), or a
  // kustomization (which may have neither). Its other files (Makefiles, scripts, .gitignore) as before: taken.
  ['kubernetes', (path, text) => !YAML_FILE.test(path) || /(^|\/)kustomization\.ya?ml$/i.test(path) || /\b(apiVersion|kind)\b/.test(text() ?? 'kind')],
]);

/** Whether a YAML text's first document is a list: its first line that is not blank, a comment, a directive or `---` starts one. */
function startsWithList(text: string): boolean {
  // The first 200 lines, each cut when reached (a split made every line of the text for the first few: issue #68).
  for (let count = 0, start = 0; count < 200 && start <= text.length; count++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length + 1 : end + 1;
    const content = line.replace(/^---(?=\s|$)/, '').trim();
    if (content === '' || content.startsWith('#') || content.startsWith('%')) continue;
    // A tag or an anchor may come first (`--- !!seq`, `&tasks`): the list is then on the next line.
    if (/^[!&]\S*$/.test(content)) continue;
    return /^(-(\s|$)|\[|[!&]\S*\s+(-(\s|$)|\[))/.test(content);
  }
  // 200 lines of comments: taken as a list (the condition holds when unsure).
  return true;
}

/** mayBeFides's answer per file's text reader (familiesFor makes one per file): privacy and threats both ask it of every YAML file. */
const fidesOf = new WeakMap<() => string | undefined, boolean>();

/** privacy/fides.ts isFidesManifest: `*.fides.yml`, or a top level of Fides resource types (text undefined: unread, the condition holds). */
function mayBeFides(path: string, text: () => string | undefined): boolean {
  if (/\.fides\.ya?ml$/i.test(path)) return true;
  if (!YAML_FILE.test(path)) return false;
  let fides = fidesOf.get(text);
  if (fides === undefined) fidesOf.set(text, (fides = /^(dataset|system|policy|organization|data_category|data_use|data_subject|evaluation|registry)\s*:/m.test(text() ?? 'dataset:')));
  return fides;
}

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
  // What every family asks of a file, made once per file (not per file and family, issue #68): its path '/'-separated,
  // the same lowercased for the selectors, and the reader of its text (each file's text read once, for every family's
  // content test; the same reader each time, so a test shared by two families keeps its answer: mayBeFides).
  const each = files.map((file) => {
    let text: string | undefined;
    let read = false;
    return {
      file,
      slashed: file.replace(/\\/g, '/'),
      path: filePath(file),
      text: () => {
        if (!read) {
          const got = head?.(file, CONTENT_BYTES);
          text = got && !got.cut ? got.text : undefined;
          read = true;
        }
        return text;
      },
    };
  });
  type Each = (typeof each)[number];
  const creates = (family: F): boolean => {
    if (!family.features || SILENT_IN_A_CHECK.has(family.id)) return false;
    const only = head ? CHECKED_ONLY_IF.get(family.id) : undefined;
    let tested = 0;
    const passes = (one: Each) => !only || ++tested > SNIFFED_PER_FAMILY || only(one.slashed, one.text);
    if (READ_BEYOND_ONLY_YAML.has(family.id) && someYaml && each.some((one) => YAML_FILE.test(one.file) && passes(one))) return true;
    if (!family.files) return false;
    if (READ_BEYOND_THEIR_SELECTOR.has(family.id) && !READ_BEYOND_ONLY_YAML.has(family.id)) return true;
    const matcher = filesOf(settings, [family]);
    let sniffed = 0;
    return each.some((one) => {
      const selection = matcher.match(one.path);
      if (selection === 'no') return false;
      // Beyond its selector a family reads more (READ_BEYOND_ONLY_YAML above): what its selector names is its own.
      if (selection === 'yes') return READ_BEYOND_ONLY_YAML.has(family.id) || passes(one);
      if (!head || ++sniffed > SNIFFED_PER_FAMILY) return true;
      const read = head(one.file, matcher.sniffBytes(one.path) * 4);
      return read !== undefined && matcher.claims(one.path, read.text) && passes(one);
    });
  };
  const chosen = new Set(list.filter(creates));
  // The system map reads every family's contribution: one without a selector may find its elements in any file.
  if ([...chosen].some((family) => family.id === 'system')) for (const family of list) if (!family.files && family.system) chosen.add(family);
  return list.filter((family) => chosen.has(family));
}
