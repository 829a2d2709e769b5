/**
 * The editor's language requests (completion, hover, symbols, code actions, definition, references,
 * rename, code lenses, inlay hints, links, signature help, formatting, semantic tokens): each asks every
 * feature for its answer on the file and gathers them, each feature guarded on its own so that a bug in
 * one rule never takes the others down.
 */
import { DocumentFormattingRequest, MessageType, SemanticTokensRegistrationType, ShowMessageNotification, type CancellationToken, type DocumentSelector, type CodeActionParams, type DocumentFormattingParams, type InlayHintParams, type Position, type ServerCapabilities, type TextEdit } from 'vscode-languageserver/node';
import type { Feature, FeatureContext } from '../features/feature';
import { encodeSemanticTokens, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../features/semanticTokens';
import { askFeatures, codeActionsFor, fileBudgetOf, skippedForAll, withinBudget } from '../service';
import type { IndexedFile } from '../workspace/index';
import { mergedHover } from './hovers';
import type { Session } from './session';
import { workspaceSymbols } from './workspaceSymbols';

type PositionParams = { textDocument: { uri: string }; position: Position };

/** Registers the editor's language requests on the session's connection. */
export function registerEditorRequests(session: Session): void {
  const { connection } = session;

  /** Collects one kind of answer from every feature that offers it, each feature guarded on its own. */
  function handle<P extends { textDocument: { uri: string } }, T>(what: string, run: (feature: Feature, file: IndexedFile, context: FeatureContext, params: P) => T[] | T | undefined) {
    return (params: P, token: CancellationToken): Promise<T[]> =>
      session.runSafe(what, [] as T[], token, async () => {
        const file = session.fileFor(params.textDocument.uri);
        if (!file || skippedForAll(file)) return [];
        const context = await session.contextFor(params.textDocument.uri, token);
        // Within the file's budget: past it the work is stopped, the file set aside (service.ts), and nothing answered.
        const answered = withinBudget(file, context, fileBudgetOf(context.settings), () =>
          askFeatures(file, session.features(), context, (feature) => run(feature, file, context, params), (feature, error) => session.logError(`${what} (${feature})`, error)),
        );
        return 'value' in answered ? answered.value : [];
      });
  }

  const at = (file: IndexedFile, params: PositionParams) => file.lines.offsetAt(params.position);

  connection.onCompletion(handle('completion', (f, file, context, params: PositionParams) => f.completion?.(file, at(file, params), context)));
  connection.onHover(async (params, token) => {
    const hovers = await handle('hover', (f, file, context, p: PositionParams) => f.hover?.(file, at(file, p), context))(params, token);
    // Every feature's hover at the position, merged: the Terraform family's and the cost family's on a resource's header.
    return mergedHover(hovers);
  });
  connection.onDocumentSymbol(handle('documentSymbol', (f, file, context) => f.documentSymbols?.(file, context)));
  connection.onCodeAction((params: CodeActionParams, token) =>
    session.runSafe('codeAction', [], token, async () => {
      const file = session.fileFor(params.textDocument.uri);
      // A Helm template is skipped as YAML, not as a file: its diagnostics' quick fixes (a did-you-mean) are answered as a manifest's.
      if (!file || (file.skipped && file.skipped !== 'template')) return [];
      const context = await session.contextFor(params.textDocument.uri, token);
      const answered = withinBudget(file, context, fileBudgetOf(context.settings), () => codeActionsFor(file, params.range, params.context.diagnostics, session.features(), context, (feature, error) => session.logError(`codeAction (${feature})`, error)));
      return 'value' in answered ? answered.value : [];
    }),
  );
  connection.onDefinition(handle('definition', (f, file, context, params: PositionParams) => f.definition?.(file, at(file, params), context)));
  // Terraform, YAML and the rest declare a name where they define it: a declaration is its definition (as terraform-ls answers).
  connection.onDeclaration(handle('declaration', (f, file, context, params: PositionParams) => f.definition?.(file, at(file, params), context)));
  connection.onWorkspaceSymbol((params, token) => session.runSafe('workspaceSymbol', [], token, () => workspaceSymbols(session, params.query, token)));
  connection.onReferences(handle('references', (f, file, context, params: PositionParams) => f.references?.(file, at(file, params), context)));
  connection.onPrepareRename(async (params, token) => {
    const found = await handle('prepareRename', (f, file, context, p: PositionParams) => f.prepareRename?.(file, at(file, p), context))(params, token);
    return found[0] ?? null;
  });
  connection.onRenameRequest(async (params, token) => {
    const edits = await handle('rename', (f, file, context, p: PositionParams & { newName: string }) => f.rename?.(file, at(file, p), p.newName, context))(params, token);
    if (edits.length === 0) return null;
    const changes: Record<string, TextEdit[]> = {};
    for (const edit of edits) for (const [uri, list] of Object.entries(edit.changes ?? {})) (changes[uri] ??= []).push(...list);
    return { changes };
  });
  connection.onCodeLens(handle('codeLens', (f, file, context) => f.codeLenses?.(file, context)));
  connection.languages.inlayHint.on(handle('inlayHint', (f, file, context, params: InlayHintParams) => f.inlayHints?.(file, params.range, context)));
  connection.onDocumentLinks(handle('documentLink', (f, file, context) => f.documentLinks?.(file, context)));
  connection.onSignatureHelp(async (params, token) => {
    const found = await handle('signatureHelp', (f, file, context, p: PositionParams) => f.signatureHelp?.(file, at(file, p), context))(params, token);
    return found[0] ?? null;
  });
  connection.onDocumentFormatting(async (params: DocumentFormattingParams, token) => {
    // The first feature that formats the file: two formatters' edits cannot be merged.
    const edits = await handle('formatting', (f, file, context, p: DocumentFormattingParams) => (f.formatting ? [f.formatting(file, p.options, context)] : undefined))(params, token);
    const answer = edits.find((list) => list !== undefined);
    if (answer && !Array.isArray(answer)) {
      // Said, not silent: the user asked for formatting and gets none.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: answer.refused });
      return null;
    }
    return answer ?? null;
  });
  connection.languages.semanticTokens.on(async (params, token) => {
    const tokens = await handle('semanticTokens', (f, file, context) => f.semanticTokens?.(file, context))(params, token);
    return { data: encodeSemanticTokens(tokens) };
  });
}

/**
 * Formatting and semantic tokens for a client without their dynamic registration (Neovim, Helix,
 * Emacs' eglot): offered in the answer to `initialize`, for every document since a static capability
 * has no selector; the server answers no edits and no tokens for the files no feature formats.
 */
export function staticDocumentCapabilities(session: Session, dynamic: { formatting: boolean; semanticTokens: boolean }): ServerCapabilities {
  const offered = (has: (f: Feature) => boolean) => session.features().some((f) => has(f) && f.formats);
  return {
    ...(!dynamic.formatting && offered((f) => !!f.formatting) ? { documentFormattingProvider: true } : {}),
    ...(!dynamic.semanticTokens && offered((f) => !!f.semanticTokens) ? { semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }, full: true } } : {}),
  };
}

/**
 * Formatting and semantic tokens, registered for the documents the features say they format
 * (Feature.formats) and for no other: a YAML file keeps its own formatter. With the client's dynamic
 * registration (VS Code has it); without it, they are static capabilities (staticDocumentCapabilities).
 */
export function registerDocumentCapabilities(session: Session, dynamic: { formatting: boolean; semanticTokens: boolean }): void {
  if (!dynamic.formatting && !dynamic.semanticTokens) return;
  const documentSelector = session.features().flatMap((f) => (f.formatting || f.semanticTokens ? [...(f.formats ?? [])] : [])) as DocumentSelector;
  if (documentSelector.length === 0) return;
  const { client } = session.connection;
  if (dynamic.formatting && session.features().some((f) => f.formatting && f.formats)) void client.register(DocumentFormattingRequest.type, { documentSelector });
  if (dynamic.semanticTokens && session.features().some((f) => f.semanticTokens && f.formats)) void client.register(SemanticTokensRegistrationType.type, { documentSelector, legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }, full: true });
}
