/**
 * The analyses of one side of a change (issue #80): the risks the threat model raises on that side's map
 * and the personal data flows its privacy facts hold, as the diff compares them. Pure: an analysis in,
 * its comparable items out; the CLI runs the threat model (threats/workspace.ts) and the privacy facts
 * (privacy/api.ts) on each side's index.
 *
 * Identity: a risk is the same on both sides when its Threagile synthetic id is (relative to the
 * repository, issue #78: the same on any clone); a flow when its ends and its categories are.
 */
import type { FlowItem } from '../privacy/api';

/** A file and a 1-based line, as the map's JSON writes them. */
interface Place {
  file: string;
  line: number;
}

/**
 * A risk as the threat model gives it (threats/analysis.ts ThreatRisk: the fields read here, so that this
 * folder depends on the threats family's data, not its code).
 */
export interface ThreatModelRisk {
  rule: string;
  title: string;
  severity: string;
  stride: string;
  likelihood: string;
  impact: string;
  cwe?: number;
  syntheticId: string;
  elements: readonly string[];
  sources: readonly { uri: string; range: { start: { line: number } } }[];
}

/** A risk of one side: what `archipel threats --format json` says of it, its attack path named by the map's ids and names. */
export interface DiffRisk {
  /** Threagile's synthetic id (what the risk register keys on). */
  id: string;
  rule: string;
  title: string;
  severity: string;
  stride: string;
  likelihood: string;
  impact: string;
  /** The CWE Threagile's rule gives (its number). */
  cwe?: number;
  /** The attack path from the Internet when there is one, else the elements involved: the map's node ids (`internet` for the Internet). */
  path: string[];
  /** The same, named. */
  pathNames: string[];
  sources: Place[];
  /**
   * A risk raised whose own lines the change does not touch (compare.ts riskCauses): the changes of the diff on its
   * attack path that raise it (`component compose:.:api added`, `connection api → db added`…). Absent otherwise.
   */
  cause?: string[];
}

/** A flow of personal data (privacy/flows.ts): its ends, the fideslang categories that move, where it is written. */
export interface DiffFlow {
  from: string;
  to: string;
  categories: string[];
  sources: Place[];
}

/** How a side names what the analyses return: the map's id of a node id, the name of a map id, the file of a URI. */
export interface SideNames {
  id: (nodeId: string) => string;
  name: (mapId: string) => string;
  file: (uri: string) => string;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The risks of a side, one per synthetic id (the first met), sorted by it. */
export function diffRisks(risks: readonly ThreatModelRisk[], names: SideNames): DiffRisk[] {
  const seen = new Map<string, DiffRisk>();
  for (const r of risks) {
    if (seen.has(r.syntheticId)) continue;
    const path = r.elements.map(names.id);
    seen.set(r.syntheticId, {
      id: r.syntheticId,
      rule: r.rule,
      title: r.title,
      severity: r.severity,
      stride: r.stride,
      likelihood: r.likelihood,
      impact: r.impact,
      ...(r.cwe ? { cwe: r.cwe } : {}),
      path,
      pathNames: path.map(names.name),
      sources: r.sources.map((s) => ({ file: names.file(s.uri), line: s.range.start.line + 1 })),
    });
  }
  return [...seen.values()].sort((a, b) => byText(a.id, b.id));
}

const flowKey = (flow: Pick<DiffFlow, 'from' | 'to' | 'categories'>) => JSON.stringify([flow.from, flow.to, [...flow.categories].sort()]);

/** The flows of a side, one per ends and categories (their places gathered), sorted. */
export function diffFlows(flows: readonly FlowItem[]): DiffFlow[] {
  const seen = new Map<string, DiffFlow>();
  for (const f of flows) {
    const key = flowKey(f);
    const known = seen.get(key);
    if (known) {
      if (!known.sources.some((s) => s.file === f.via.file && s.line === f.via.line)) known.sources.push({ ...f.via });
    } else seen.set(key, { from: f.from, to: f.to, categories: [...f.categories].sort(), sources: [{ ...f.via }] });
  }
  return [...seen.values()].sort((a, b) => byText(flowKey(a), flowKey(b)));
}

/**
 * Threagile's model-wide rules: one risk for the whole model, its synthetic id and title naming an example asset
 * (the most sensitive one: `missing-vault@compose-api`, "referencing asset api as an example"). The risk is the
 * model's, not the example's: a change that only picks another example (a more sensitive store added) raises nothing.
 */
const MODEL_WIDE_RULES: ReadonlySet<string> = new Set(['threat-missing-vault', 'threat-missing-identity-store', 'threat-missing-build-infrastructure']);

/** What a risk is compared by: its synthetic id, or for a model-wide rule the rule and the model (`threat-missing-vault@model`). */
export function riskKey(r: Pick<DiffRisk, 'id' | 'rule'>): string {
  return MODEL_WIDE_RULES.has(r.rule) ? `${r.rule}@model` : r.id;
}

/** Items of `a` whose key `b` lacks. */
function only<T>(a: readonly T[], b: readonly T[], key: (item: T) => string): T[] {
  const other = new Set(b.map(key));
  return a.filter((item) => !other.has(key(item)));
}

/** Items of `a` and `b` paired by `key`, as many of each key as both have: what is left of each. */
function unpaired<T>(a: readonly T[], b: readonly T[], key: (item: T, side: 'a' | 'b') => string): { a: T[]; b: T[] } {
  const inB = new Map<string, number>();
  for (const item of b) inB.set(key(item, 'b'), (inB.get(key(item, 'b')) ?? 0) + 1);
  const leftA: T[] = [];
  const paired = new Map<string, number>();
  for (const item of a) {
    const k = key(item, 'a');
    const available = (inB.get(k) ?? 0) - (paired.get(k) ?? 0);
    if (available > 0) paired.set(k, (paired.get(k) ?? 0) + 1);
    else leftA.push(item);
  }
  const leftB: T[] = [];
  for (const item of b) {
    const k = key(item, 'b');
    if ((paired.get(k) ?? 0) > 0) paired.set(k, paired.get(k)! - 1);
    else leftB.push(item);
  }
  return { a: leftA, b: leftB };
}

/**
 * The risks `head` raises and resolves of `base`'s. A risk whose synthetic id changed with its elements' ids
 * (their file moved: renames.ts) but whose rule, title and attack path by name are the same is the same risk;
 * so is one of the same rule whose attack path, the base's ids read as the head's (`headId`: a component
 * renamed or deployed in another form keeps its identity), is the same. A model-wide risk is the model's (riskKey):
 * the same on both sides whatever example asset it names.
 */
export function compareRisks(base: readonly DiffRisk[], head: readonly DiffRisk[], headId: (baseId: string) => string = (id) => id): { raised: DiffRisk[]; resolved: DiffRisk[] } {
  const said = (r: DiffRisk) => JSON.stringify([r.rule, r.title, r.pathNames]);
  const raised = only(head, base, riskKey);
  const resolved = only(base, head, riskKey);
  const byName = { raised: only(raised, resolved, said), resolved: only(resolved, raised, said) };
  // Only a risk on a component whose id changed: two risks of one rule between the same components (a port changed) stay raised and resolved.
  const pathKey = (r: DiffRisk, side: 'a' | 'b') => {
    if (side === 'a') return JSON.stringify([r.rule, r.path]);
    const mapped = r.path.map(headId);
    return mapped.some((id, i) => id !== r.path[i]) ? JSON.stringify([r.rule, mapped]) : `!${r.id}`;
  };
  const byPath = unpaired(byName.raised, byName.resolved, pathKey);
  return { raised: byPath.a, resolved: byPath.b };
}

/** The flows `head` adds and removes of `base`'s. */
export function compareFlows(base: readonly DiffFlow[], head: readonly DiffFlow[]): { added: DiffFlow[]; removed: DiffFlow[] } {
  return { added: only(head, base, flowKey), removed: only(base, head, flowKey) };
}
