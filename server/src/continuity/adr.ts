/**
 * Recovery objectives an ADR states (issue #97): a decision of the repository's ADR folder (docs/adr, doc/adr,
 * docs/decisions) with a line such as `RPO: 1 h` or `- RTO 4h for orders`, naming the component on that line or in the
 * ADR's title. Read as the component's asked objectives when archipel.yaml's continuity section has no entry for it.
 */
import { isConventionalDecision } from '../adr/api';
import type { WorkspaceIndex } from '../workspace/index';
import type { Place } from './model';

export interface AdrStatement {
  objective: 'rpo' | 'rto';
  minutes: number;
  /** The line, lower-cased, and the ADR's title: where the component is named. */
  line: string;
  title: string;
  place: Place;
}

const MINUTES: Record<string, number> = { s: 1 / 60, sec: 1 / 60, second: 1 / 60, m: 1, min: 1, minute: 1, h: 60, hour: 60, d: 1440, day: 1440, w: 10080, week: 10080 };
// The objective, 1 to 40 characters that are no digit (`: `, ` of `, ` = `), a number, a unit: no overlapping quantifiers.
const STATEMENT = /\b(RPO|RTO)\b[^\d\n]{1,40}(\d{1,6}(?:[.,]\d{1,3})?)[ \t]?(sec|seconds?|s|min|minutes?|m|hours?|h|days?|d|weeks?|w)\b/i;
const MAX_TEXT = 512 * 1024;

const kept = new WeakMap<WorkspaceIndex, { generation: number; statements: AdrStatement[] }>();

/** The RPO/RTO statements of the index's ADRs, read once per index generation. */
export function adrStatements(index: WorkspaceIndex): AdrStatement[] {
  const before = kept.get(index);
  if (before && before.generation === index.generation) return before.statements;
  const statements: AdrStatement[] = [];
  for (const file of index.files()) {
    if (file.skipped || !isConventionalDecision(file.uri) || file.text.length > MAX_TEXT || !/\bR[PT]O\b/.test(file.text)) continue;
    let title = '';
    let offset = 0;
    for (const line of file.text.split('\n')) {
      if (!title && line.startsWith('# ')) title = line.slice(2).trim().toLowerCase();
      const match = STATEMENT.exec(line);
      if (match) {
        const unit = match[3].toLowerCase().replace(/s$/, '') || 's';
        const minutes = Number(match[2].replace(',', '.')) * (MINUTES[unit] ?? MINUTES[match[3].toLowerCase()]);
        if (Number.isFinite(minutes)) statements.push({ objective: match[1].toLowerCase() as 'rpo' | 'rto', minutes, line: line.toLowerCase(), title, place: { uri: file.uri, start: offset + match.index, end: offset + match.index + match[0].length } });
      }
      offset += line.length + 1;
    }
  }
  kept.set(index, { generation: index.generation, statements });
  return statements;
}

const WORD = /[a-z0-9_]/;
/** Whether `text` names `name` as a whole word (not `orders` in `preorders`): compared by position, no pattern built from the name. */
export function names(text: string, name: string): boolean {
  const wanted = name.toLowerCase();
  if (!wanted) return false;
  for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + 1)) {
    const before = at === 0 ? '' : text[at - 1];
    const after = text[at + wanted.length] ?? '';
    if (!WORD.test(before) && !WORD.test(after)) return true;
  }
  return false;
}
