/** The ADR requests of the editor (pickers, edits as WorkspaceEdits, the decision graph). */
import { onWorkspaceRequest, type RequestFamily } from '../features/requests';
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

/** The edit and the file to show; the texts the CLI writes stay on the server. */
const strip = <T extends { edit: unknown; uri: string }>({ edit, uri }: T) => ({ edit, uri }) as Pick<T, 'edit' | 'uri'>;

export const adrRequests: RequestFamily = (registry) => {
  onWorkspaceRequest(registry, AdrFoldersRequest, (p) => p.workspaceFolders?.[0], (p, s, { index }) => ({ folders: adrFolderInfos(index, s.adr, p.workspaceFolders) }));
  onWorkspaceRequest(registry, AdrListRequest, (p) => p.folder, (p, s, { index }) => adrList(index, s.adr, p.folder));
  onWorkspaceRequest(registry, AdrNewRequest, (p) => p.folder ?? p.workspaceFolders?.[0], (p, s, { index }) => strip(newAdr(index, s.adr, p)));
  onWorkspaceRequest(registry, AdrSupersedeRequest, (p) => p.target, (p, _, { index }) => strip(supersedeAdr(index, p)));
  onWorkspaceRequest(registry, AdrLinkRequest, (p) => p.source, (p, _, { index }) => strip(linkAdrs(index, p)));
  onWorkspaceRequest(registry, AdrSetStatusRequest, (p) => p.uri, (p, _, { index }) => strip(setAdrStatus(index, p)));
  onWorkspaceRequest(registry, AdrIndexRequest, (p) => p.folder, (p, s, { index }) => strip(generateAdrIndex(index, s.adr, p)));
  onWorkspaceRequest(registry, AdrGraphRequest, (p) => p.folder, (p, s, { index }) => adrGraph(index, s.adr, p.folder));
};
