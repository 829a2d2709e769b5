/**
 * The same rules on a hand-written `threagile.yaml` (issue #65): each risk placed on the line of the
 * asset (or the link's asset) it names, its `risk_tracking` entry honoured as the risk register's
 * (mitigated, false-positive and accepted are not raised again).
 */
import { parseDocument } from 'yaml';
import type { SystemSource } from '../features/system/contributor';
import type { ThreatRisk } from './analysis';
import { assignRaa } from './threagileModel';
import { keyMatches } from './riskRegister';
import { ModelIndex } from './threagile/model';
import { readThreagileModel, threagileModelOf } from './threagile/read';
import { allCategories } from './threagile/rules';

/** Whether a YAML text is a Threagile model (its `threagile_version`). */
export const isThreagileModel = (text: string): boolean => /^threagile_version:/m.test(text);

/** What keeps a hand-written model from being read: a YAML error, an alias bomb — on its line (0-based). */
export interface ModelProblem {
  line: number;
  message: string;
}

/**
 * A hand-written model's risks, or what keeps it from being read as findings on their lines (issue #84:
 * a YAML syntax error or an anchors bomb ended as an internal error): parsed as Threagile reads it
 * (YAML 1.2, merge keys), its aliases bounded as the yaml library bounds them (100 expansions).
 */
export function handWrittenModel(uri: string, text: string, attributes: (technology: string) => readonly string[]): { risks: ThreatRisk[]; problems: ModelProblem[] } {
  const doc = parseDocument(text, { version: '1.2', merge: true, uniqueKeys: false, logLevel: 'error' });
  if (doc.errors.length > 0) return { risks: [], problems: doc.errors.map((e) => ({ line: Math.max(0, (e.linePos?.[0].line ?? 1) - 1), message: e.message.split('\n')[0] })) };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // The alias that passes the bound is not known: the first alias's line.
    const alias = text.split('\n').findIndex((l) => /(^|[\s[{,:-])\*[^\s,\]}]/.test(l));
    return { risks: [], problems: [{ line: Math.max(0, alias), message: (error as Error).message.split('\n')[0] }] };
  }
  return { risks: handWrittenRisks(uri, text, attributes, value), problems: [] };
}

/** `value`: the document already read (the editor's one parse); absent, the text is read here. */
export function handWrittenRisks(uri: string, text: string, attributes: (technology: string) => readonly string[], value?: unknown): ThreatRisk[] {
  const { model, tracking } = value === undefined ? readThreagileModel(text, attributes) : threagileModelOf(value, attributes);
  // A model that gives no RAA gets Threagile's (without its pivot bonus).
  assignRaa(model);
  const lines = text.split('\n');
  // The first `id:` line of each id, found in one pass (a search of every line for each risk was quadratic).
  const idLines = new Map<string, number>();
  lines.forEach((l, i) => {
    const id = /^\s+id:\s*(["']?)([^"'#\s]+)\1\s*(#.*)?$/.exec(l)?.[2];
    if (id !== undefined && !idLines.has(id)) idLines.set(id, i);
  });
  const lineOf = (id: string | undefined): SystemSource[] => {
    const at = id === undefined ? undefined : idLines.get(id);
    return at === undefined ? [] : [{ uri, range: { start: { line: at, character: 0 }, end: { line: at, character: lines[at].length } } }];
  };
  const index = new ModelIndex(model);
  const risks: ThreatRisk[] = [];
  for (const category of allCategories) {
    for (const found of category.generate(index)) {
      const entry = tracking.find((t) => t.key.toLowerCase() === found.syntheticId.toLowerCase()) ?? tracking.find((t) => keyMatches(t.key, found.syntheticId));
      const status = entry && ['mitigated', 'false-positive', 'accepted', 'in-progress'].includes(entry.status) ? (entry.status as 'mitigated') : entry ? 'unchecked' : undefined;
      const source = found.link ? model.links.find((l) => l.id === found.link)?.source : found.asset;
      risks.push({
        rule: `threat-${category.id}`, category: category.id, stride: category.stride, cwe: category.cwe, severity: found.severity, likelihood: found.likelihood, impact: found.impact, title: found.title, syntheticId: found.syntheticId,
        elements: [...new Set([source, found.asset].filter((x): x is string => x !== undefined))], sources: lineOf(found.asset ?? source),
        ...(entry && status ? { tracking: { status, risk: entry.key, uri, line: Math.max(0, lines.findIndex((l) => l.includes(entry.key))), ...(entry.justification ? { justification: entry.justification } : {}) } } : {}),
      });
    }
  }
  return risks;
}
