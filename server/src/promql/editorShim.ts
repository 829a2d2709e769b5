/**
 * The two names Prometheus's checker and terms take from CodeMirror's editor packages, without the
 * editor (esbuild.mjs aliases `@codemirror/language` and `@codemirror/autocomplete` to this file in
 * the promql vendor bundle, vendor.lazy.ts): CodeMirror's view, state, language and autocompletion
 * were 349 of that bundle's 549 kB, read and compiled by the first check of a rule file, never run.
 */

/** What parse.ts's `checkerState` gives the checker: the parsed tree as the language field. */
interface CheckerState {
  field(field: unknown, require?: boolean): { tree: unknown } | undefined;
}

/** `@codemirror/language`'s `syntaxTree`: the state's language field's tree (the checker's only use). */
export function syntaxTree(state: CheckerState): unknown {
  return state.field(undefined, false)?.tree;
}

/**
 * `@codemirror/autocomplete`'s `snippet`: the `apply` of a few completion terms, which insert a
 * template in an editor. Archipel reads the terms' names and descriptions only, never `apply`.
 */
export function snippet(template: string): () => never {
  return () => {
    throw new Error(`snippet ${template}: an editor's completion, not available outside CodeMirror`);
  };
}
