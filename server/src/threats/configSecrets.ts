/**
 * A secret written as a literal in a program's own configuration (issue #95, asc-lab/micronaut-microservices-poc kept aside:
 * the gateway's JWT signing secret, `micronaut.security.token.jwt.signatures.secret.generator.secret:
 * pleaseChangeThisSecretForANewOne` in its application.yml): the Spring or Micronaut files (`application*.properties|yml`)
 * of the folder a component's Dockerfile builds, tests aside (buildConsoles.ts), read as full keys. A key whose last part
 * names a secret (`…password`, `…secret`, `client-secret`, `jwtSecret`, `api-key`, `private-key`, `…token`) with a literal
 * value (evidence.ts literalSecret: not empty, not a `${X}` placeholder, not a variable's name) is one. Evidence for the
 * model holding a secret (analysis.ts holdsNoSecret); the first line found. Each component read once. Pure otherwise.
 */
import type { SystemSource } from '../features/system/contributor';
import { buildReader, dockerfilesOf, springFilesIn, springSettings, type BuildHost, type BuildReader } from './buildConsoles';
import { folderOf, literalSecret, sourceOfLine } from './evidence';

/** The last part of a key, its separators dropped (`client-secret` → `clientsecret`), ending with a secret's name. */
const SECRET_PART = /(?:password|passwd|pwd|secret|secretkey|apikey|privatekey|accesskey|token)$/;

/** Whether a full configuration key names a secret by its last part. */
export function secretKey(key: string): boolean {
  const last = key.slice(key.lastIndexOf('.') + 1).replace(/[-_]/g, '').toLowerCase();
  return SECRET_PART.test(last);
}

/** The line of a literal secret in the Spring or Micronaut files each component's build holds, by component id. */
export function buildConfigSecrets(map: Pick<BuildReader, 'edges' | 'node'>, host: BuildHost): (id: string) => SystemSource | undefined {
  const reader = buildReader(map, host);
  const known = new Map<string, SystemSource | undefined>();
  return (id) => {
    if (known.has(id)) return known.get(id);
    const node = map.node(id);
    let found: SystemSource | undefined;
    for (const dockerfile of node ? dockerfilesOf(node, reader) : []) {
      for (const uri of springFilesIn(folderOf(dockerfile), reader)) {
        const lines = (reader.text(uri) ?? '').split(/\r?\n/);
        const setting = springSettings(lines, !uri.endsWith('.properties')).find((s) => secretKey(s.key) && !s.value.includes('${') && literalSecret(s.value));
        if (setting) {
          found = sourceOfLine(uri, setting.line, lines[setting.line]);
          break;
        }
      }
      if (found) break;
    }
    known.set(id, found);
    return found;
  };
}
