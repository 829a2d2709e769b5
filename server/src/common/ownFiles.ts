/**
 * Which files a family says something of (its `files.ts`, the descriptor's `own`): the one decision `archipel check`,
 * `--changed` and the one-file start-up take before any of the family's code is loaded, and the family's own code
 * takes again where it tells its files apart (a path test is the same function in both places). Light: a family's
 * `files.ts` imports nothing but this module, since every entry of families/lazy.generated.ts imports its own.
 */

/**
 * What a family's features read beside what its selector takes:
 * - `within`: less (privacy's selector is every YAML file, its feature takes pipelines and Fides manifests among them);
 * - `beyond`: any file (the system map: any file may hold a service or an address);
 * - `beyond-yaml`: any YAML file (Helm's Argo CD Applications, Ansible's task files, Threagile models);
 * - `for-own`: files read only for what its own files declare (Terraform's stack check reads workflows for cluster
 *   names and is quiet without a Terraform cluster): nothing to say without one of its own files.
 */
export type Reads = 'within' | 'beyond' | 'beyond-yaml' | 'for-own';

/** A file's path, '/'-separated, and its text (undefined: unread, or longer than OWN_TEST_BYTES: the test then holds). */
export type OwnTest = (path: string, text: () => string | undefined) => boolean;

export interface OwnFiles {
  readonly reads?: Reads;
  /**
   * A necessary condition for the family to say anything of a check holding this file (among its files and their
   * context), looser where the family's own decision reads parsed values: the family is created only when one passes.
   */
  readonly test?: OwnTest;
  /** Its features say nothing in a check (completion only): `archipel check` never creates them. */
  readonly silent?: boolean;
}

/** The bytes of a file a test reads at most: a longer file passes it unread. */
export const OWN_TEST_BYTES = 65_536;

/** The YAML files (workspace/index.ts IndexedFile.isYaml). */
export const YAML_FILE = /\.ya?ml$/i;

/** Whether a YAML text's first document is a list: its first line that is not blank, a comment, a directive or `---` starts one. */
export function startsWithList(text: string): boolean {
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

/** A Fides manifest's name (privacy/fides.ts isFidesManifest takes it whatever it holds). */
export const FIDES_NAME = /\.fides\.ya?ml$/i;

/** mayBeFides's answer per file's text reader (one per file in a check): privacy and threats both ask it of every YAML file. */
const fidesOf = new WeakMap<() => string | undefined, boolean>();

/**
 * Whether a file may be a Fides manifest (privacy/fides.ts isFidesManifest, which reads the parsed top level): its name,
 * or a top-level key of a Fides resource type. Privacy's and the threats' tests both ask it (a classified dataset
 * makes the derived risks).
 */
export function mayBeFides(path: string, text: () => string | undefined): boolean {
  if (FIDES_NAME.test(path)) return true;
  if (!YAML_FILE.test(path)) return false;
  let fides = fidesOf.get(text);
  if (fides === undefined) fidesOf.set(text, (fides = /^(dataset|system|policy|organization|data_category|data_use|data_subject|evaluation|registry)\s*:/m.test(text() ?? 'dataset:')));
  return fides;
}

/** archipel.yaml or archipel.yml, anywhere (workspace/archipelConfig.ts isArchipelConfig): blur's and predict's section. */
export const ARCHIPEL_CONFIG = /(^|[/\\])archipel\.ya?ml$/i;

/** A DVC pipeline: `dvc.yaml` anywhere, and `*.pipeline.yaml` (same format); the pipeline's files, read by privacy too. */
export function isPipelineFile(uri: string): boolean {
  return /(^|\/)dvc\.yaml$/.test(uri) || /\.pipeline\.ya?ml$/i.test(uri);
}
