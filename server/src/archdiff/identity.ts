/**
 * What a component is beyond the map's JSON, read for the diff (issue #80): the image it runs as written
 * (`example/api:1.1`, the tag the line says), the trust boundary it sits in. Pure: strings in, strings out.
 */

/** A tag and a digest after a repository (`:1.1`, `@sha256:…`, both): bounded, no overlapping quantifiers. */
const TAG = /^(?::\w[\w.-]{0,127})?(?:@[\w+.-]{1,64}:[0-9a-fA-F]{1,128})?/;

/** A character that continues a repository's name: an occurrence followed by one is another repository (`api-gateway`). */
const NAME_GOES_ON = /[\w/.-]/;

/**
 * The image `repository` as `line` (the `runs` edge's line) writes it, with its tag or digest when written
 * after the repository's name; the repository alone when the line does not say it (a tag in another key,
 * Helm's `image.tag`).
 */
export function writtenImage(line: string, repository: string): string {
  if (repository === '') return repository;
  // Bounded: a line is read up to 4,096 characters, and at most 16 occurrences of the name.
  const text = line.slice(0, 4096);
  let from = 0;
  for (let tries = 0; tries < 16; tries++) {
    const at = text.indexOf(repository, from);
    if (at < 0) break;
    from = at + 1;
    const before = at > 0 ? text[at - 1] : ' ';
    if (NAME_GOES_ON.test(before) && before !== '/') continue;
    const rest = text.slice(at + repository.length);
    const tag = TAG.exec(rest)?.[0] ?? '';
    const next = rest.charAt(tag.length);
    if (next !== '' && NAME_GOES_ON.test(next)) continue;
    return repository + tag;
  }
  return repository;
}

/** The place a node sits in as a trust boundary's name: its namespace, else its parent place (`environment shop`: a Compose project), else none. */
export function boundaryName(node: { kind: string; namespace?: string; parent?: string }, parent: { kind: string; name: string } | undefined): string | undefined {
  if (node.kind === 'person' || node.kind === 'external') return 'Internet';
  if (node.namespace) return `namespace ${node.namespace}`;
  return parent ? `${parent.kind} ${parent.name}` : undefined;
}
