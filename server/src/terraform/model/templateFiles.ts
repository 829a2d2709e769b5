/**
 * The files a module renders with `file()`, `templatefile()` or `data "template_file"` (an ECS task definition's JSON beside
 * its `.tf`, issue #95): no family claims them, so the workspace's scan does not index them; the family's descriptor reads
 * them for the system map, bounded and confined (a file outside the workspace's folders is never read).
 */
import type { WorkspaceIndex } from '../../workspace/index';
import { PerGeneration } from '../../workspace/perGeneration';

/** What the descriptor reads (a URI in, its text out, undefined when refused): nothing here touches the disk. */
export type TemplateFileReader = (uri: string, roots: readonly string[]) => string | undefined;

const bindings = new WeakMap<WorkspaceIndex, { reader: TemplateFileReader; roots: readonly string[] }>();

/** Makes the descriptor's reader the one the index's modules use (the map's `prepare` does it, given the workspace's folders). */
export function bindTemplateFiles(index: WorkspaceIndex, reader: TemplateFileReader, roots: readonly string[]): void {
  bindings.set(index, { reader, roots });
}

/** The files read, per index: read again when the index changes (a file event, an edit). */
const read = new PerGeneration<WorkspaceIndex, Map<string, string | undefined>>();

/** A rendered file's text: the index's when it holds the file, else the bound reader's (undefined when none is bound). */
export function templateFileText(index: WorkspaceIndex, uri: string): string | undefined {
  const held = index.get(uri);
  if (held) return held.text;
  const bound = bindings.get(index);
  if (!bound) return undefined;
  const byUri = read.get(index, index.generation, [bound.reader, bound.roots], () => new Map<string, string | undefined>());
  if (!byUri.has(uri)) byUri.set(uri, bound.reader(uri, bound.roots));
  return byUri.get(uri);
}
