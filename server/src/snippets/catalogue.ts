/**
 * The snippets of snippets/ (VS Code's snippet file format, the single source), as the server
 * offers them: each with its family (the files it belongs in) and its place in them (a whole
 * document, or an entry under a key). The files are read by the platform layer and handed here.
 */

export type SnippetFamily = 'kubernetes' | 'workflows' | 'raci' | 'amdec' | 'adr' | 'slo';

export interface Snippet {
  name: string;
  prefixes: string[];
  description: string;
  /** The body in LSP snippet syntax (VS Code's: tab stops, placeholders, choices, variables). */
  body: string;
  family: SnippetFamily;
  /** The key the snippet is an entry of (`activities`, `jobs`…); undefined: a whole document. */
  under?: string;
}

/**
 * Where each snippet goes, by file and snippet name. A snippet not listed here is refused when the
 * files are read (`parseSnippetFile`), so a new snippet cannot be offered everywhere by mistake.
 */
const PLACES: Record<string, { family: SnippetFamily; under?: Record<string, string> }> = {
  'kubernetes.json': { family: 'kubernetes' },
  'adr.code-snippets': { family: 'adr' },
  'workflows.code-snippets': { family: 'workflows', under: { 'GitHub Actions job': 'jobs', 'GitHub Actions matrix job': 'jobs' } },
  // SLO files (#82): offered wherever Kubernetes's are (any other YAML file: a new SLO file is empty), `Sloth SLO` under `slos:`.
  'slo.code-snippets': { family: 'slo', under: { 'Sloth SLO': 'slos' } },
  'governance-yaml.json': { family: 'raci', under: { 'RACI activity': 'activities', 'AMDEC risk': 'risks', 'AMDEC action': 'actions' } },
};

/** The AMDEC snippets of governance-yaml.json belong to AMDEC files, the RACI one to RACI files. */
const FAMILY_BY_NAME: Record<string, SnippetFamily> = { 'AMDEC risk': 'amdec', 'AMDEC action': 'amdec' };

/** The snippets of one file of snippets/ (`fileName` is its base name); a precise error when it cannot be read. */
export function parseSnippetFile(fileName: string, text: string): Snippet[] {
  const place = PLACES[fileName];
  if (!place) throw new Error(`snippets/${fileName}: no place is declared for this file in server/src/snippets/catalogue.ts`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`snippets/${fileName} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`snippets/${fileName}: expected an object of snippets`);
  return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => {
    const entry = value as { prefix?: unknown; body?: unknown; description?: unknown };
    const prefixes = typeof entry.prefix === 'string' ? [entry.prefix] : Array.isArray(entry.prefix) ? entry.prefix.filter((p): p is string => typeof p === 'string') : [];
    const body = typeof entry.body === 'string' ? entry.body : Array.isArray(entry.body) ? entry.body.filter((l): l is string => typeof l === 'string').join('\n') : undefined;
    if (prefixes.length === 0 || body === undefined) throw new Error(`snippets/${fileName}: snippet "${name}" needs a prefix and a body`);
    const under = place.under?.[name];
    if (place.under && under === undefined && body.trimStart().startsWith('-')) {
      throw new Error(`snippets/${fileName}: snippet "${name}" is an entry: declare the key it goes under in server/src/snippets/catalogue.ts`);
    }
    return { name, prefixes, description: typeof entry.description === 'string' ? entry.description : name, body, family: FAMILY_BY_NAME[name] ?? place.family, under };
  });
}
