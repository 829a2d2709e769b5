import { raciModel, type RaciModel } from '../raci/api';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import type { AmdecModel } from './model';

export interface RaciLink {
  /** The URI the `raci:` path resolves to. */
  uri: string;
  file?: IndexedFile;
  /** Set when the file is in the workspace and is a RACI file. */
  raci?: RaciModel;
}

function sameFile(a: string, b: string): boolean {
  try {
    return decodeURIComponent(a) === decodeURIComponent(b);
  } catch {
    return a === b;
  }
}

/**
 * The RACI file an AMDEC file links to with `raci:`, resolved relative to the AMDEC file and looked
 * up in the workspace index (never on disk): it follows the RACI as it is edited.
 */
export function linkedRaci(model: AmdecModel, index: WorkspaceIndex): RaciLink | undefined {
  if (!model.raci) return undefined;
  let uri: string;
  try {
    uri = new URL(model.raci.value, model.uri).href;
  } catch {
    return { uri: model.raci.value };
  }
  let file = index.get(uri);
  if (!file) for (const candidate of index.files()) if (sameFile(candidate.uri, uri)) file = candidate;
  return { uri, file, raci: file ? raciModel(file) : undefined };
}
