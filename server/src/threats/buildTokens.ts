/**
 * A component whose own code sends a token on its HTTP requests (issue #95, nashtech-garage/yas held out: order's
 * `TaxService` calls tax with `.headers(h -> h.setBearerAuth(jwt))`): its calls to the system's services carry the user's
 * token, so they are no missing authentication. Read in the files its build holds (the Dockerfile's folder: buildConsoles.ts
 * dockerfilesOf), tests aside: its code, or a Spring Cloud Gateway's `TokenRelay` filter in its configuration. The first
 * line found is the evidence. The files read are the index's: the application-configuration family claims a code file whose
 * first bytes hold an address or one of SENDS_TOKEN's words (appconfig/files.ts), so a client class that sends the token but
 * takes its URL from a configuration bean is read too (yas's rating `CustomerService`; before, only inventory's was, held by
 * chance through Ansible's `inventory/**` glob). Each component read once. Pure otherwise.
 */
import type { SystemSource } from '../features/system/contributor';
import { buildReader, dockerfilesOf, TEST_FOLDER, type BuildHost, type BuildReader } from './buildConsoles';
import { folderOf, sourceOfLine } from './evidence';

/** A request given a bearer token or an Authorization header: Spring's, .NET's, Go's, Node's and Python's usual forms; Spring Cloud Gateway's TokenRelay (appconfig/files.ts's sniff claims a file by these words). */
const SENDS_TOKEN = /\bsetBearerAuth\s*\(|\bHttpHeaders\.AUTHORIZATION\b|["']Authorization["']\s*[,:=]|\bAuthenticationHeaderValue\s*\(\s*["']Bearer["']|\.SetBearerToken\s*\(|\bServ(?:let|er)(?:OAuth2AuthorizedClient|Bearer)ExchangeFilterFunction\b|(?:^|[\s,=:-])TokenRelay\b/;
/** The files read: code and Spring-like configuration. */
const READ = /\.(?:java|kt|scala|groovy|go|cs|ts|js|mjs|py|rb|php|ya?ml|properties)$/;
/** At most this many files of one build are read (a large build says so by reading no further). */
const MAX_FILES = 2000;

export function buildTokenReader(map: Pick<BuildReader, 'edges' | 'node'>, host: BuildHost): (id: string) => SystemSource | undefined {
  const reader = buildReader(map, host, READ);
  const known = new Map<string, SystemSource | undefined>();
  return (id) => {
    if (known.has(id)) return known.get(id);
    const node = map.node(id);
    let found: SystemSource | undefined;
    // The Dockerfiles' folders (a workflow that builds the image is no folder of its code).
    for (const dockerfile of node ? dockerfilesOf(node, reader).filter((uri) => /(?:^|\/)(?:[\w.-]*\.)?(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$/i.test(uri)) : []) {
      const folder = folderOf(dockerfile);
      let read = 0;
      for (const uri of reader.files()) {
        if (found || read >= MAX_FILES) break;
        if (!uri.startsWith(folder) || TEST_FOLDER.test(uri.slice(folder.length - 1))) continue;
        read++;
        const lines = (reader.text(uri) ?? '').split(/\r?\n/);
        const at = lines.findIndex((line) => SENDS_TOKEN.test(line) && !/^\s*(?:\/\/|#|\*)/.test(line));
        if (at >= 0) found = sourceOfLine(uri, at, lines[at]);
      }
      if (found) break;
    }
    known.set(id, found);
    return found;
  };
}
