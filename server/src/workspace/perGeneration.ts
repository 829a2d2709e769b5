/**
 * A value derived from the workspace index and kept until the index changes: a cross-file result
 * (what the rule files record, the Compose projects by folder, a module's callers, a module's
 * findings) is computed on the first ask after a change and answered from here until the next.
 * The owner is what the value belongs to (the index, a module, a file), held weakly; `keys` are
 * compared as well (the globs of a setting, the reader bound, the checks registered).
 */
export class PerGeneration<Owner extends object, Value> {
  private readonly kept = new WeakMap<Owner, { generation: number; epoch: number; keys: readonly unknown[]; value: Value }>();

  /** The value kept for `owner` at `generation` with these `keys`, or the one `build` makes now. */
  get(owner: Owner, generation: number, keys: readonly unknown[], build: () => Value): Value {
    const cached = this.kept.get(owner);
    if (cached && cached.generation === generation && cached.epoch === epoch && sameKeys(cached.keys, keys)) return cached.value;
    const value = build();
    this.kept.set(owner, { generation, epoch, keys, value });
    return value;
  }
}

/** Increases when every kept value is dropped (dropPerGeneration). */
let epoch = 0;

/**
 * Drops every value kept by every PerGeneration: after a file's work was stopped (issue #67), a build
 * it was inside may have left shared state half written, whatever generation it was made for.
 */
export function dropPerGeneration(): void {
  epoch++;
}

function sameKeys(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
