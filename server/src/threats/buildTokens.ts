/**
 * A component whose own code sends a token on its HTTP requests (issue #95, nashtech-garage/yas held out: order's
 * `TaxService` calls tax with `.headers(h -> h.setBearerAuth(jwt))`): its calls to the system's services carry the user's
 * token, so they are no missing authentication. Read in the files its build holds (the Dockerfile's folder: buildConsoles.ts
 * dockerfilesOf), tests aside: its code, or a Spring Cloud Gateway's `TokenRelay` filter in its configuration. Each file's
 * first such line is the evidence of the calls that file makes (buildTokenReader). The files read are the index's: the
 * application-configuration family claims a code file whose first bytes hold an address or one of SENDS_TOKEN's words (appconfig/files.ts), so a client class that sends the token but
 * takes its URL from a configuration bean is read too (yas's rating `CustomerService`; before, only inventory's was, held by
 * chance through Ansible's `inventory/**` glob). Each component read once. Pure otherwise.
 */
import type { SystemSource } from '../features/system/contributor';
import { buildReader, DOCKERFILE, dockerfilesOf, JIB_BUILD, TEST_FOLDER, type BuildHost, type BuildReader } from './buildConsoles';
import { folderOf, sourceOfLine } from './evidence';
import { namesSink } from './products';

/** A request given a bearer token, an Authorization header or the user's Cookie header (plane's live: `setHeader("Cookie", params.cookie)`): Spring's, .NET's, Go's, Node's and Python's usual forms; Spring Cloud Gateway's TokenRelay (appconfig/files.ts's sniff claims a file by these words). */
const SENDS_TOKEN = /\bsetBearerAuth\s*\(|\bHttpHeaders\.AUTHORIZATION\b|["'](?:Authorization|Cookie)["']\s*[,:=]|\bAuthenticationHeaderValue\s*\(\s*["']Bearer["']|\.SetBearerToken\s*\(|\bServ(?:let|er)(?:OAuth2AuthorizedClient|Bearer)ExchangeFilterFunction\b|(?:^|[\s,=:-])TokenRelay\b/;
/** The files read: code and Spring-like configuration. */
const READ = /\.(?:java|kt|scala|groovy|go|cs|ts|js|mjs|py|rb|php|ya?ml|properties)$/;
/** At most this many files of one build are read (a large build says so by reading no further). */
const MAX_FILES = 2000;

/** A file of a build that sends a token: its first such line, the words of its path (from the build's folder) and of its text. */
interface TokenFile { readonly uri: string; readonly line: SystemSource; readonly path: string; readonly text: string }

/** The words of a name, a path or a text, lower case, one space around each (`BasketService.cs` → ` basket service cs `). */
/** The words of a name, lower case: split on anything not a letter or digit, and between a lower-case letter and an upper-case one (`JwtBearer`). */
export const nameWords = (name: string): string[] => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

const wordsOf = (text: string): string => ` ${nameWords(text).join(' ')} `;

/** A target's stem: its name's words without a last `api`, `service` or `svc` (`basket-api` → `basket`, `CustomerService` → `customer`). */
function stemOf(name: string): string {
  const words = wordsOf(name).trim().split(' ').filter(Boolean);
  if (words.length > 1 && /^(?:api|service|svc)$/.test(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/** Words name a target: its stem as whole words, a plural too. */
const names = (words: string, stem: string): boolean => stem !== '' && (words.includes(` ${stem} `) || words.includes(` ${stem}s `));

/**
 * Which of a caller's token files a call carries (issue #95, eShopOnDapr: the aggregator's `BasketService` sends the user's
 * token to basket-api only, never to Seq): the file the call's own address is in, else a file naming the target (`basket-api`
 * ↔ `BasketService.cs`, `customer` ↔ `CustomerService.java`, in its path first, else its text); its first token line is the evidence. When the build's token
 * files name none of its targets, the token is taken as sent on all its calls to program components, never to a log, trace
 * or metrics sink (stores and brokers are the caller's: links.ts). A target no token file names, when others are, gets none.
 */
export function buildTokenReader(map: Pick<BuildReader, 'edges' | 'node'>, host: BuildHost): (from: string, to: string, evidence: readonly SystemSource[]) => SystemSource | undefined {
  const reader = buildReader(map, host, READ);
  const known = new Map<string, TokenFile[]>();
  const filesOf = (id: string): TokenFile[] => {
    let found = known.get(id);
    if (found) return found;
    found = [];
    const node = map.node(id);
    // The Dockerfiles' folders, a Jib module's (a workflow that builds the image is no folder of its code).
    for (const dockerfile of node ? dockerfilesOf(node, reader).filter((uri) => DOCKERFILE.test(uri) || JIB_BUILD.test(uri)) : []) {
      const folder = folderOf(dockerfile);
      let read = 0;
      for (const uri of reader.files()) {
        if (read >= MAX_FILES) break;
        if (!uri.startsWith(folder) || TEST_FOLDER.test(uri.slice(folder.length - 1)) || found.some((f) => f.uri === uri)) continue;
        read++;
        const text = reader.text(uri) ?? '';
        const lines = text.split(/\r?\n/);
        const at = lines.findIndex((line) => SENDS_TOKEN.test(line) && !/^\s*(?:\/\/|#|\*)/.test(line));
        if (at >= 0) found.push({ uri, line: sourceOfLine(uri, at, lines[at]), path: wordsOf(uri.slice(folder.length)), text: wordsOf(text) });
      }
    }
    known.set(id, found);
    return found;
  };
  const stems = new Map<string, string[]>();
  const targetsOf = (id: string): string[] => {
    let found = stems.get(id);
    if (!found) stems.set(id, (found = [...new Set(map.edges.filter((e) => e.from === id && (e.kind === 'calls' || e.kind === 'may-call')).map((e) => stemOf(map.node(e.to)?.name ?? '')))]));
    return found;
  };
  return (from, to, evidence) => {
    const files = filesOf(from);
    if (files.length === 0) return undefined;
    const own = files.find((f) => evidence.some((s) => s.uri === f.uri));
    if (own) return own.line;
    const target = map.node(to);
    const stem = stemOf(target?.name ?? '');
    // The path first (order's `ProductService.java` for product, not `CartService.java` whose text names products too).
    const named = files.find((f) => names(f.path, stem)) ?? files.find((f) => names(f.text, stem));
    if (named) return named.line;
    if (targetsOf(from).some((s) => files.some((f) => names(f.path, s) || names(f.text, s)))) return undefined;
    // Never to a log, trace or metrics sink, by its name or its image (products.ts: the technology table's and the products' table).
    return target && !namesSink(target.name) && !namesSink(target.image) ? files[0].line : undefined;
  };
}
