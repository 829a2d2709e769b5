/**
 * What the system map read of a manifest despite an error, and what it left out (issue #95): a document repeating a key is
 * read as kubectl applies it, the last value winning (spring-petclinic-cloud's Deployments repeat `resources:`), and one
 * with any other YAML error is no object at all. Each is said with its line in the ledger's notices (platform/notRead.ts),
 * never silently: the diagram and the threat model depend on it.
 */
import type { WorkspaceIndex } from '../../workspace/index';
import { mayHoldKey } from '../../yaml/scalars';
import { isObject } from './workloads';

/** The notices said at most per reading: one per document, the first of each. */
const MAX_NOTICES = 200;

/** The 1-based line of an offset of a text. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** The manifests' documents read despite an error, or left out for one, each at its line. */
export function manifestNotices(index: WorkspaceIndex): { uri: string; line: number; notice: string }[] {
  const out: { uri: string; line: number; notice: string }[] = [];
  for (const file of index.files()) {
    if (out.length >= MAX_NOTICES) break;
    if (file.skipped || !file.isYaml || !mayHoldKey(file.text, 'apiVersion')) continue;
    for (const { offset, chunk } of file.yaml?.chunks ?? []) {
      if (chunk.wellFormed || !mayHoldKey(chunk.text, 'apiVersion') || !mayHoldKey(chunk.text, 'kind')) continue;
      const value = chunk.lastKeyWinsValue;
      const [duplicate] = chunk.duplicateKeys;
      if (isObject(value) && duplicate) {
        out.push({ uri: file.uri, line: lineOf(file.text, offset + duplicate.start), notice: `read despite a duplicate key "${duplicate.key}" (kubectl keeps the last)` });
        continue;
      }
      const error = chunk.docs.flatMap((doc) => doc.errors)[0];
      // The parser's message without its excerpt: its first line, the place said apart.
      const message = error ? error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') : duplicate ? `a duplicate key "${duplicate.key}" with anchors` : 'not valid YAML';
      out.push({ uri: file.uri, line: lineOf(file.text, offset + (error?.pos[0] ?? duplicate?.start ?? 0)), notice: `not read: ${message}` });
    }
  }
  return out;
}
