/**
 * Custom LSP methods for Architecture Decision Records. The server computes every file edit as a
 * WorkspaceEdit (pure functions in server/src/adr/); the client applies it and the CLI writes it.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { WorkspaceEdit } from 'vscode-languageserver-types';

export type AdrFormatName = 'nygard' | 'madr';

/** `archipel/adrFolders`: the ADR folders the server knows, for pickers. */
export const AdrFoldersRequest = new RequestType<AdrFoldersParams, AdrFoldersResult, void>('archipel/adrFolders');
export interface AdrFoldersParams {
  /** Workspace folder URIs: where a first `docs/adr` would go when no ADR folder exists yet. */
  workspaceFolders?: string[];
}
export interface AdrFolderInfo {
  uri: string;
  /** How many decisions it holds. */
  count: number;
  nextNumber: number;
  /** The format most of its ADRs use (Nygard when empty). */
  format: AdrFormatName;
  exists: boolean;
}
export interface AdrFoldersResult {
  folders: AdrFolderInfo[];
}

/** `archipel/adrList`: the decisions of the workspace (or of one folder), for pickers. */
export const AdrListRequest = new RequestType<AdrListParams, AdrListItem[], void>('archipel/adrList');
export interface AdrListParams {
  folder?: string;
}
export interface AdrListItem {
  uri: string;
  folder: string;
  number: number | null;
  title: string;
  status: string | null;
  date: string | null;
}

/** The result of every editing request: the edit and the ADR it created or changed first. */
export interface AdrEditResult {
  edit: WorkspaceEdit;
  /** The file to show: the new ADR, the superseding one, the index. */
  uri: string;
}

/** `archipel/adrNew`: a new ADR with the next free number (optionally superseding others). */
export const AdrNewRequest = new RequestType<AdrNewParams, AdrEditResult, void>('archipel/adrNew');
export interface AdrNewParams {
  title: string;
  /** The ADR folder; default: the only one known, else `docs/adr` of the first workspace folder. */
  folder?: string;
  workspaceFolders?: string[];
  format?: AdrFormatName;
  /** YYYY-MM-DD; default: today. */
  date?: string;
  status?: string;
  /** URIs of ADRs the new one supersedes (their status changes too). */
  supersedes?: string[];
}

/** `archipel/adrSupersede`: `target` is superseded by `by` (an existing ADR); both files change. */
export const AdrSupersedeRequest = new RequestType<AdrSupersedeParams, AdrEditResult, void>('archipel/adrSupersede');
export interface AdrSupersedeParams {
  target: string;
  by: string;
}

/** `archipel/adrLink`: `source` <verb> `target`, and `target` <reverse verb> `source` (adr-tools' `adr link`). */
export const AdrLinkRequest = new RequestType<AdrLinkParams, AdrEditResult, void>('archipel/adrLink');
export interface AdrLinkParams {
  source: string;
  target: string;
  /** "Amends", "Clarifies", "Relates to", …; default "Amends". */
  verb?: string;
  /** Default: derived from the verb ("Amended by"). */
  reverseVerb?: string;
}

/** `archipel/adrSetStatus`: writes a status everywhere the ADR states one. */
export const AdrSetStatusRequest = new RequestType<AdrSetStatusParams, AdrEditResult, void>('archipel/adrSetStatus');
export interface AdrSetStatusParams {
  uri: string;
  status: string;
}

/** `archipel/adrIndex`: the folder's README.md (or index.md) with the table between markers. */
export const AdrIndexRequest = new RequestType<AdrIndexParams, AdrEditResult, void>('archipel/adrIndex');
export interface AdrIndexParams {
  folder: string;
}

/** `archipel/adrGraph`: every decision with its relations, for dashboards and diagrams. */
export const AdrGraphRequest = new RequestType<AdrGraphParams, AdrGraph, void>('archipel/adrGraph');
export interface AdrGraphParams {
  folder?: string;
}
export interface AdrGraphNode {
  uri: string;
  number: number | null;
  title: string;
  /** Normalised (lowercase; `superseded` for "superseded by …"). */
  status: string | null;
  date: string | null;
  format: AdrFormatName;
  supersedes: number[];
  supersededBy: number[];
  amends: number[];
  amendedBy: number[];
  /** Every other relation ("clarifies", "relates to", …). */
  links: { relation: string; number: number }[];
}
export interface AdrGraphFolder {
  uri: string;
  indexUri: string | null;
  adrs: AdrGraphNode[];
}
export interface AdrGraph {
  folders: AdrGraphFolder[];
}
