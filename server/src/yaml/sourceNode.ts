import type { Node } from 'yaml';

/**
 * A YAML document reduced to what placing a finding needs: each node's kind, its span (offsets
 * relative to the chunk, the value only: no anchor, tag or comment) and its children. Paths are
 * walked on this one shape, whichever parser produced it:
 * - `sourceTreeOfText` re-reads a well-formed chunk with js-yaml and records a span for every node
 *   from its parse events — about ten times cheaper than composing the `yaml` package's AST, which
 *   matters when hundreds of documents of a file each carry a finding;
 * - `sourceTreeOfDoc` converts the `yaml` package's AST (documents with aliases, documents js-yaml
 *   rejects, and editing features that need the AST node back: `ast`).
 */
export interface SourceNode {
  readonly kind: 'map' | 'seq' | 'scalar';
  readonly start: number;
  readonly end: number;
  /** Mapping entries, in source order (kind `map`). */
  readonly pairs?: readonly SourcePair[];
  /** Sequence items, in source order (kind `seq`). */
  readonly items?: readonly (SourceNode | null)[];
  /** The `yaml` AST node this was converted from (trees built by `sourceTreeOfDoc` only). */
  readonly ast?: Node;
}

export interface SourcePair {
  /** The key as the plain value's property name, or undefined for a collection used as a key. */
  readonly key: string | undefined;
  readonly keyNode: SourceNode | null;
  readonly value: SourceNode | null;
}
