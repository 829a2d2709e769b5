/**
 * trivy's and checkov's ignore comments, honoured as those tools honour them:
 * - `#trivy:ignore:<id>` (and tfsec's older `#tfsec:ignore:<id>`; `<id>` an AVD id, its short form
 *   or the long name, `*` for every check; a `:exp:` suffix read as part of the comment) on the
 *   finding's line, on the line above it, or on the lines just above its resource block;
 * - `#checkov:skip=<CKV id>[:reason]` anywhere inside the resource block.
 */
import type { Block } from '../syntax/syntax';
import type { ModuleFile } from '../model/model';
import type { Hit } from './securityRules';

interface Ignores {
  /** trivy ids by the line they apply to (the comment's own line and the next line that is not a comment). */
  trivy: Map<number, Set<string>>;
  /** checkov skips: the comment's offset and ids. */
  checkov: { offset: number; id: string }[];
}

const cache = new WeakMap<ModuleFile['syntax'], Ignores>();

function ignoresOf(file: ModuleFile): Ignores {
  const cached = cache.get(file.syntax);
  if (cached) return cached;
  const ignores: Ignores = { trivy: new Map(), checkov: [] };
  const lineOf = (offset: number) => file.file.lines.positionAt(offset).line;
  const commentLines = new Set(file.syntax.comments.map((c) => lineOf(c.start)));
  for (const comment of file.syntax.comments) {
    for (const match of comment.text.matchAll(/(?:trivy|tfsec):ignore:([\w*.-]+)/gi)) {
      const id = match[1].toLowerCase();
      const line = lineOf(comment.start);
      let next = line + 1;
      while (commentLines.has(next)) next++;
      for (const at of [line, next]) {
        const set = ignores.trivy.get(at) ?? new Set<string>();
        set.add(id);
        ignores.trivy.set(at, set);
      }
    }
    for (const match of comment.text.matchAll(/checkov:skip=([A-Z0-9_]+)/gi)) ignores.checkov.push({ offset: comment.start, id: match[1].toUpperCase() });
  }
  cache.set(file.syntax, ignores);
  return ignores;
}

/** Whether a comment of the file silences a hit of a block. */
export function ignoredBy(file: ModuleFile, block: Block | undefined, hit: Hit): boolean {
  if (!file.syntax.comments.some((c) => /trivy|tfsec|checkov/i.test(c.text))) return false;
  const ignores = ignoresOf(file);
  const lower = new Set(hit.ids.map((id) => id.toLowerCase()));
  const lineOf = (offset: number) => file.file.lines.positionAt(offset).line;
  const trivyLines = [lineOf(hit.at.start), ...(block ? [lineOf(block.start)] : [])];
  for (const line of trivyLines) {
    for (const id of ignores.trivy.get(line) ?? []) if (id === '*' || lower.has(id)) return true;
  }
  if (!block) return false;
  return ignores.checkov.some((skip) => skip.offset > block.start && skip.offset < block.end && lower.has(skip.id.toLowerCase()));
}
