/**
 * Where DVC keeps experiments in Git (dvc/repo/experiments/refs.py), so that Archipel and DVC see
 * the same ones: an experiment is a commit whose parent is its baseline commit, named by the ref
 * `refs/exps/<baseline[:2]>/<baseline[2:]>/<name>`. Other refs under `refs/exps/` are DVC's own
 * machinery (`exec/EXEC_*` while an experiment runs, `stash` and `celery/` for queues, `temp/`)
 * and are not experiments.
 */

export const EXPS_NAMESPACE = 'refs/exps';

/** The commit message DVC writes on an experiment commit (`BaseExecutor.commit`): the experiment's hash follows. */
export const EXPERIMENT_MESSAGE_PREFIX = 'dvc: commit experiment ';

/** What `refs/exps/…` holds besides experiments (DVC's EXEC_NAMESPACE, stashes, celery and temp). */
const MACHINERY = new Set(['exec', 'stash', 'celery', 'temp', 'runs', 'apply', 'branch']);

export interface ExpRef {
  /** The baseline commit, full hexadecimal (40 for SHA-1, 64 for SHA-256 repositories). */
  baseline: string;
  name: string;
}

const HEX = /^[0-9a-f]+$/;

/** The ref of an experiment: `refs/exps/ab/cdef…/name`. */
export function expRefName(ref: ExpRef): string {
  return `${EXPS_NAMESPACE}/${ref.baseline.slice(0, 2)}/${ref.baseline.slice(2)}/${ref.name}`;
}

/** An experiment ref's baseline and name, or undefined for any other ref (DVC's machinery included). */
export function parseExpRef(ref: string): ExpRef | undefined {
  if (!ref.startsWith(`${EXPS_NAMESPACE}/`)) return undefined;
  const parts = ref.slice(EXPS_NAMESPACE.length + 1).split('/');
  if (parts.length !== 3 || MACHINERY.has(parts[0])) return undefined;
  const [head, tail, name] = parts;
  const baseline = head + tail;
  if (head.length !== 2 || !HEX.test(baseline) || (baseline.length !== 40 && baseline.length !== 64)) return undefined;
  if (checkExpName(name) !== undefined) return undefined;
  return { baseline, name };
}

/**
 * Why `name` cannot name an experiment, or undefined when it can: one component of a Git ref
 * (git check-ref-format, which DVC's `check_ref_format` applies), and never one that could read as
 * an option or a revision expression.
 */
export function checkExpName(name: string): string | undefined {
  if (name.length === 0) return 'an experiment name cannot be empty';
  if (name.length > 200) return 'an experiment name is at most 200 characters';
  if (name.includes('/')) return `'${name}': an experiment name cannot contain '/'`;
  if (name.startsWith('.') || name.startsWith('-')) return `'${name}': an experiment name cannot begin with '.' or '-'`;
  if (name.endsWith('.') || name.endsWith('.lock')) return `'${name}': an experiment name cannot end with '.' or '.lock'`;
  if (name.includes('..') || name.includes('@{') || name === '@') return `'${name}': an experiment name cannot contain '..' or '@{', nor be '@'`;
  // Control characters, space and the characters Git reserves for revision syntax.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return `'${name}': an experiment name cannot contain spaces, control characters or any of ~ ^ : ? * [ \\`;
  return undefined;
}

/** A fresh name in the form older DVC versions gave (`exp-` and five hex digits), not in `taken`. */
export function generatedName(random: () => number, taken: ReadonlySet<string>): string {
  for (;;) {
    const name = `exp-${Math.floor(random() * 0x100000).toString(16).padStart(5, '0')}`;
    if (!taken.has(name)) return name;
  }
}
