/**
 * A moved file is not a change (issue #92): git's own rename detection (`git diff --name-status -M -z`, read by
 * platform/gitMoves.ts) says which files of the base are which of the head; the base's nodes said only by moved files
 * are read with the folders their files have on the head and carried to the head's ids (compare.ts's renames), so a
 * `git mv` of a manifest is "no architectural change" where it read as 40 components and 46 connections changed (their
 * instances' folder, a Compose project named after its folder, an object of a kustomize build named after its
 * folder). What the move really changes stays a change: an Argo CD Application that syncs the new folder and not the
 * old one still adds and removes its `deploys`. renames.ts pairs what changed place without git's word (a side not
 * from git, a file rewritten whole). Pure: the base's map and the moves in, the base's map read at the head's places out.
 */
import type { SideView } from './compare';

/** A file git says moved: its path on the base and on the head, relative to the repository's top (`/` separated). */
export interface FileMove {
  from: string;
  to: string;
}

/** The moves of `git diff --name-status -M -z` (`R<score>\0<from>\0<to>\0`, other statuses skipped), bounded by its entries. */
export function movesOfNameStatus(output: string): FileMove[] {
  const fields = output.split('\0');
  const moves: FileMove[] = [];
  for (let i = 0; i < fields.length; ) {
    const status = fields[i];
    if (status === '') break;
    // Renames and copies name two paths; every other status one.
    if (status.startsWith('R') || status.startsWith('C')) {
      const [from, to] = [fields[i + 1], fields[i + 2]];
      if (status.startsWith('R') && from !== undefined && to !== undefined && from !== '' && to !== '') moves.push({ from, to });
      i += 3;
    } else i += 2;
  }
  return moves;
}

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');

/** An id's path tokens (between `:`, `@` and `#`) replaced: a moved file by its new path, the node's folder by its new folder. */
function movedId(id: string, files: ReadonlyMap<string, string>, folder: { from: string; to: string } | undefined): string {
  return id
    .split(/([:@#])/)
    // The first token is the family (`compose`, `k8s`, `file`): never a path, even when a folder has its name.
    .map((token, i) => (i === 0 ? token : (files.get(token) ?? (folder && token === folder.from ? folder.to : token))))
    .join('');
}

/**
 * The base read at the head's places. `fileOf`: a repository path as the map's sources name files (the CLI: from its
 * current folder). A node whose main source (its first) is in a moved file, its moved sources all from one folder to
 * one other, takes that folder in its instances, and its id the moved folder or file (`compose:.:api` →
 * `compose:deploy:api`, `file:k8s/a.yaml` → `file:apps/a.yaml`): `ids`, the base's id → the head's, which compare.ts
 * takes as renames by place (a move is no change; the JSON's `renamed` still says the id changed). A new id another
 * base node already has is not taken (two nodes are never made one).
 */
export function carriedAcrossMoves(base: SideView, moves: readonly FileMove[], fileOf: (repositoryPath: string) => string): { base: SideView; ids: Map<string, string> } {
  const ids = new Map<string, string>();
  if (moves.length === 0) return { base, ids };
  const files = new Map(moves.map((m) => [m.from, m.to]));
  const bySource = new Map(moves.map((m) => [fileOf(m.from), m]));
  // A policy violation in a moved file is the same violation at the head's place (policy.ts keys it by its file).
  if (base.policy?.some((f) => bySource.has(f.file))) {
    base = { ...base, policy: base.policy.map((f) => {
      const move = bySource.get(f.file);
      return move ? { ...f, file: fileOf(move.to) } : f;
    }) };
  }
  const taken = new Set(base.nodes.map((n) => n.id));
  const folders = new Map<string, { from: string; to: string }>();
  for (const node of base.nodes) {
    // Its main source (the first: what its instance's folder is read from) moved, and every moved source from one folder to one other.
    const moved = node.sources.map((s) => bySource.get(s.file)).filter((m) => m !== undefined);
    const pairs = new Set(moved.map((m) => `${folderOf(m.from)}\0${folderOf(m.to)}`));
    const first = node.sources[0] ? bySource.get(node.sources[0].file) : undefined;
    const folder = first && pairs.size === 1 ? { from: folderOf(first.from), to: folderOf(first.to) } : undefined;
    const id = movedId(node.id, files, folder && folder.from !== folder.to ? folder : undefined);
    if (folder && folder.from !== folder.to) folders.set(node.id, folder);
    if (id !== node.id && !taken.has(id)) {
      ids.set(node.id, id);
      taken.add(id);
    }
  }
  if (folders.size === 0 || !base.identities) return { base, ids };
  const identities = Object.fromEntries(
    Object.entries(base.identities).map(([id, identity]) => {
      const folder = folders.get(id);
      const instances = folder && identity.instances ? identity.instances.map((i) => (i.endsWith(` ${folder.from}`) ? `${i.slice(0, i.length - folder.from.length)}${folder.to}` : i)).sort() : identity.instances;
      return [id, { ...identity, ...(instances ? { instances } : {}) }];
    }),
  );
  return { base: { ...base, identities }, ids };
}
