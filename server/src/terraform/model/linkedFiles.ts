/**
 * A module's files that are symbolic links (Terraform reads a folder's `*.tf` files through links, as
 * Azure/terraform-azurerm-aks's unit-test-fixture/ holds its locals and variables): the workspace's
 * scan does not list links, so the family's descriptor reads them for the module, bounded and
 * confined (a link leading outside the workspace's folders is never read).
 */
import type { WorkspaceIndex } from '../../workspace/index';
import { PerGeneration } from '../../workspace/perGeneration';

/** What the descriptor reads (URIs in, texts out): nothing here touches the disk. */
export interface LinkedFilesReader {
  /** The `*.tf` and `*.tf.json` files of a folder that are links to regular files inside the workspace's folders, by the link's URI. */
  linkedFiles(folder: string, roots: readonly string[]): { uri: string; text: string }[];
  /**
   * Where a folder the workspace's scan does not list is, when it (or a folder above it) is a link to a
   * folder inside the workspace's folders: that folder's URI as the index names it; undefined otherwise.
   */
  linkedFolder?(folder: string, roots: readonly string[]): string | undefined;
}

const bindings = new WeakMap<WorkspaceIndex, { reader: LinkedFilesReader; roots: readonly string[] }>();

/** Makes the descriptor's reader the one the index's modules use (the feature does it on each request). */
export function bindLinkedFiles(index: WorkspaceIndex, reader: LinkedFilesReader, roots: readonly string[]): void {
  const bound = bindings.get(index);
  if (bound?.reader === reader && bound.roots.length === roots.length && bound.roots.every((root, i) => root === roots[i])) return;
  bindings.set(index, { reader, roots });
}

/** The links read, per index: read again when the index changes (a file event, an edit). */
const read = new PerGeneration<WorkspaceIndex, Map<string, { uri: string; text: string }[]>>();

/** The linked configuration files of a folder the index does not hold (none when no reader is bound). */
export function linkedFilesOf(index: WorkspaceIndex, folder: string): { uri: string; text: string }[] {
  const bound = bindings.get(index);
  if (!bound) return [];
  const byFolder = read.get(index, index.generation, [bound.reader, bound.roots], () => new Map<string, { uri: string; text: string }[]>());
  let files = byFolder.get(folder);
  if (!files) byFolder.set(folder, (files = bound.reader.linkedFiles(folder, bound.roots).filter((f) => !index.get(f.uri))));
  return files;
}

/** The folders links lead to, per index (read again when the index changes). */
const targets = new PerGeneration<WorkspaceIndex, Map<string, string | undefined>>();

/** The folder inside the workspace that `folder`, a link, leads to (undefined when it is none, or no reader is bound). */
export function linkedFolderOf(index: WorkspaceIndex, folder: string): string | undefined {
  const bound = bindings.get(index);
  if (!bound?.reader.linkedFolder) return undefined;
  const byFolder = targets.get(index, index.generation, [bound.reader, bound.roots], () => new Map<string, string | undefined>());
  if (!byFolder.has(folder)) byFolder.set(folder, bound.reader.linkedFolder(folder, bound.roots));
  return byFolder.get(folder);
}
