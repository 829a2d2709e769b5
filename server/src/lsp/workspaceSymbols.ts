/**
 * `workspace/symbol` across the families: the outline of every indexed file each family gives
 * (Feature.documentSymbols), its names matched against the query (case-insensitive, contained),
 * bounded — at most MAX_SYMBOLS answers, a turn of the event loop every FILES_PER_TURN files, stopped
 * when cancelled — so a query in a 100,000-file workspace never holds another request.
 */
import type { CancellationToken, DocumentSymbol, SymbolInformation } from 'vscode-languageserver/node';
import { askFeatures, fileBudgetOf, skippedForAll, withinBudget } from '../service';
import type { Session } from './session';

/** The most symbols answered (editors show the first ones). */
export const MAX_SYMBOLS = 500;
const FILES_PER_TURN = 32;

export async function workspaceSymbols(session: Session, query: string, token: CancellationToken): Promise<SymbolInformation[]> {
  const wanted = query.toLowerCase();
  const found: SymbolInformation[] = [];
  let seen = 0;
  for (const file of [...session.index.files()]) {
    if (found.length >= MAX_SYMBOLS || token.isCancellationRequested) break;
    if (++seen % FILES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (skippedForAll(file)) continue;
    const context = await session.contextFor(file.uri, token);
    const answered = withinBudget(file, context, fileBudgetOf(context.settings), () =>
      askFeatures(file, session.features(), context, (feature) => feature.documentSymbols?.(file, context), (feature, error) => session.logError(`workspaceSymbol (${feature})`, error)),
    );
    if (!('value' in answered)) continue;
    // The outline's tree walked iteratively, each symbol with the name of the one holding it.
    const stack: { symbol: DocumentSymbol; container?: string }[] = answered.value.map((symbol) => ({ symbol })).reverse();
    while (stack.length > 0 && found.length < MAX_SYMBOLS) {
      const { symbol, container } = stack.pop()!;
      if (symbol.name.toLowerCase().includes(wanted)) found.push({ name: symbol.name, kind: symbol.kind, location: { uri: file.uri, range: symbol.selectionRange }, ...(container ? { containerName: container } : {}) });
      for (let i = (symbol.children?.length ?? 0) - 1; i >= 0; i--) stack.push({ symbol: symbol.children![i], container: symbol.name });
    }
  }
  return found;
}
