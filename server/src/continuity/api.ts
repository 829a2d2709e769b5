/**
 * The continuity family's face (issue #97): what other folders may ask of it. The diff (platform/archDiff.ts) asks
 * each side's gaps and backups, each at its file and line, to list what a change does to continuity.
 */
import type { WorkspaceIndex } from '../workspace/index';
import { workspaceContinuity, type ContinuityHost } from './analysis';

export type { ContinuityHost } from './analysis';

/** A gap (a rule's finding) or a backup (its kind, what it covers) at its 1-based line; node ids as the map's model names them. */
export interface ContinuityItem {
  fact: 'gap' | 'backup';
  rule: string;
  nodes: string[];
  uri: string;
  line: number;
  message: string;
}

/** The gaps not accepted and the backups of the index (the analysis kept for its generation), each once. */
export function continuityItems(index: WorkspaceIndex, host: ContinuityHost): ContinuityItem[] {
  const analysis = workspaceContinuity(index, host);
  const lineOf = (uri: string, offset: number, line?: number) => {
    const file = index.get(uri);
    if (line !== undefined) return line;
    return file ? file.lines.positionAt(offset).line + 1 : 1;
  };
  const items: ContinuityItem[] = analysis.gaps.map((g) => ({ fact: 'gap', rule: g.rule, nodes: g.node ? [g.node] : g.component ? [g.component] : [], uri: g.uri, line: lineOf(g.uri, g.start, g.line), message: g.message }));
  const seen = new Set<string>();
  // Every backup found, whether or not it covers a component of the map (a Velero Schedule of a namespace of none).
  for (const b of analysis.derivation.backups) {
    const key = `${b.kind}@${b.uri}#${b.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ fact: 'backup', rule: b.kind, nodes: [...b.covers], uri: b.uri, line: lineOf(b.uri, b.start), message: `the ${b.kind} backup` });
  }
  return items;
}
