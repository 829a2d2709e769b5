/**
 * Semantic tokens: the one legend the server declares (LSP's standard token types and modifiers, which
 * every theme colours without a contribution), what a feature returns, and the encoding LSP sends.
 */

/** A document filter (LSP's TextDocumentFilter): a language id, a URI scheme, a glob. */
export interface DocumentFilter {
  language?: string;
  scheme?: string;
  pattern?: string;
}

export const SEMANTIC_TOKEN_TYPES = ['type', 'enumMember', 'property', 'keyword', 'number', 'string', 'parameter', 'variable', 'function', 'operator', 'comment'] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'definition', 'readonly', 'defaultLibrary', 'deprecated'] as const;
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

/** A token on one line (UTF-16 positions). */
export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: SemanticTokenType;
  modifiers?: readonly SemanticTokenModifier[];
}

/** LSP's relative encoding of tokens (sorted; overlapping ones after the first dropped). */
export function encodeSemanticTokens(tokens: readonly SemanticToken[]): number[] {
  const sorted = [...tokens].filter((t) => t.length > 0).sort((a, b) => a.line - b.line || a.character - b.character);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let end = -1;
  for (const token of sorted) {
    if (token.line === line && token.character < end) continue;
    const deltaLine = token.line - line;
    const modifiers = (token.modifiers ?? []).reduce((bits, m) => bits | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(m)), 0);
    data.push(deltaLine, deltaLine === 0 ? token.character - character : token.character, token.length, SEMANTIC_TOKEN_TYPES.indexOf(token.type), modifiers);
    line = token.line;
    character = token.character;
    end = token.character + token.length;
  }
  return data;
}
