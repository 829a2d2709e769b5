/** The ADR requests of the editor (pickers, edits as WorkspaceEdits, the decision graph). */
import { fileURLToPath } from 'node:url';
import { onWorkspaceRequest, type RequestContext, type RequestFamily } from '../features/requests';
import {
  AdrFoldersRequest,
  AdrGraphRequest,
  AdrIndexRequest,
  AdrLinkRequest,
  AdrListRequest,
  AdrNewRequest,
  AdrSetStatusRequest,
  AdrSupersedeRequest,
} from '../protocol/adr';
import { adrGraph } from './graph';
import { adrFolderInfos, adrList, generateAdrIndex, linkAdrs, newAdr, setAdrStatus, supersedeAdr } from './requests';
import { t } from '../l10n/t';

/**
 * The edit and the file to show, once every file it writes is known to resolve inside the workspace
 * folders (a `.adr-dir` may name any folder); the texts the CLI writes stay on the server.
 */
const strip = <T extends { edit: unknown; uri: string; texts: ReadonlyMap<string, string> }>({ edit, uri, texts }: T, context: RequestContext) => {
  for (const file of texts.keys()) context.assertInWorkspace(fileURLToPath(file), t('the ADR file'));
  return { edit, uri } as Pick<T, 'edit' | 'uri'>;
};

export const adrRequests: RequestFamily = (registry) => {
  onWorkspaceRequest(registry, AdrFoldersRequest, (p) => p.workspaceFolders?.[0], (p, s, { index }) => ({ folders: adrFolderInfos(index, s.adr, p.workspaceFolders) }));
  onWorkspaceRequest(registry, AdrListRequest, (p) => p.folder, (p, s, { index }) => adrList(index, s.adr, p.folder));
  onWorkspaceRequest(registry, AdrNewRequest, (p) => p.folder ?? p.workspaceFolders?.[0], (p, s, c) => strip(newAdr(c.index, s.adr, p), c));
  onWorkspaceRequest(registry, AdrSupersedeRequest, (p) => p.target, (p, _, c) => strip(supersedeAdr(c.index, p), c));
  onWorkspaceRequest(registry, AdrLinkRequest, (p) => p.source, (p, _, c) => strip(linkAdrs(c.index, p), c));
  onWorkspaceRequest(registry, AdrSetStatusRequest, (p) => p.uri, (p, _, c) => strip(setAdrStatus(c.index, p), c));
  onWorkspaceRequest(registry, AdrIndexRequest, (p) => p.folder, (p, s, c) => strip(generateAdrIndex(c.index, s.adr, p), c));
  onWorkspaceRequest(registry, AdrGraphRequest, (p) => p.folder, (p, s, { index }) => adrGraph(index, s.adr, p.folder));
};
