/**
 * `archipel diff --format markdown` (issue #80): the diff as a pull-request comment. Pure: the diff in,
 * the text out.
 *
 * A summary line; the changed neighbourhood in Mermaid (the components added, removed and changed and the
 * ends of the connections added and removed, styled by classDef: added, removed, changed; a removed
 * connection dotted); then the tables (components with their changed fields, connections, entry points, the
 * connections crossing a trust boundary added and removed, risks raised and resolved,
 * personal data flows added and removed, the resources whose monthly cost moved). At most
 * MARKDOWN_MAX_CHARS (GitHub's comment limit, 65,536 characters): the diagram is left out when it would
 * not fit, the rows past the bound are cut, and a note says so.
 *
 * Every workspace string is escaped: in Markdown, each ASCII punctuation character backslash-escaped (so
 * no `|` ends a cell, no `<` opens HTML, no `*` or `[` marks anything) and line breaks made spaces; in
 * Mermaid, node ids are `n0`, `n1`… (never a workspace string) and labels keep letters, digits and
 * spaces, every other character written as Mermaid's entity code (`#35;`), so no quote, bracket,
 * arrow or backtick (which would end the code fence) comes through.
 */
import { componentGroups, connectionGroups } from '../drawing/copyGroups';
import { unchanged, type ArchDiff, type BoundaryConnection, type DiffConnection, type DiffSide, type MapNode, type MapSource } from './compare';
import type { DiffFlow, DiffRisk } from './analyses';
import { carbon, carbonMoved, money, unpricedChange } from './cost';
import type { PolicyFact } from './policy';
import { markdownText } from '../common/escape';

/** GitHub's limit on a comment's body, in characters. */
export const MARKDOWN_MAX_CHARS = 65_536;

/** The diagram's own bound: beyond it, the diagram is left out (GitHub's Mermaid refuses large texts). */
const DIAGRAM_MAX_CHARS = 20_000;

/** What the cut note may need, kept out of the budget of the rows. */
const NOTE_RESERVE = 400;

/** A workspace string as a Mermaid label's text: letters, digits and spaces kept, everything else an entity code. */
export function mermaidText(text: string): string {
  return [...text.replace(/[\r\n]+/g, ' ')].map((c) => (/^[\p{L}\p{N} ]$/u.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
}

function sideName(side: DiffSide): string {
  return side.commit === null ? side.ref : side.ref === side.commit ? side.commit.slice(0, 12) : `${side.ref} (${side.commit.slice(0, 12)})`;
}

function where(sources: readonly MapSource[]): string {
  return sources.map((s) => markdownText(`${s.file}:${s.line}`)).join(', ');
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `(2 added, 0 removed)`, with the entries the groups stand for when copies were grouped: `(1 changed; 3 with their copies)`. */
function counted(groups: readonly (readonly unknown[])[][], words: readonly string[]): { groups: number; said: string } {
  const n = groups.reduce((sum, list) => sum + list.length, 0);
  const entries = groups.reduce((sum, list) => sum + list.reduce((m, group) => m + group.length, 0), 0);
  return { groups: n, said: `(${groups.map((list, i) => `${list.length} ${words[i]}`).join(', ')}${entries > n ? `; ${entries} with their copies` : ''})` };
}

/** The summary line (bold), or "No architectural change." A change across N copies of one component counts once (issue #95). */
function summary(diff: ArchDiff): string {
  if (unchanged(diff)) return '**No architectural change.**';
  const c = diff.components;
  const k = diff.connections;
  const e = diff.entryPoints;
  const components = counted([componentGroups(c.added), componentGroups(c.removed), componentGroups(c.changed)], ['added', 'removed', 'changed']);
  const connections = counted([connectionGroups(k.added), connectionGroups(k.removed)], ['added', 'removed']);
  const entries = counted([connectionGroups(e.opened), connectionGroups(e.closed)], ['opened', 'closed']);
  const parts = [
    `${count(components.groups, 'component')} ${components.said}`,
    `${count(connections.groups, 'connection')} ${connections.said}`,
    `${count(entries.groups, 'entry point')} ${entries.said}`,
  ];
  const b = diff.boundaries;
  if (b.crossed.length + b.uncrossed.length > 0) parts.push(`${count(b.crossed.length + b.uncrossed.length, 'boundary crossing')} (${b.crossed.length} crossed, ${b.uncrossed.length} uncrossed)`);
  // The analyses when they say something (a change of deploy files often moves no risk and no personal data).
  const r = diff.threats;
  if (r.raised.length + r.resolved.length > 0) parts.push(`${count(r.raised.length + r.resolved.length, 'risk')} (${r.raised.length} raised, ${r.resolved.length} resolved)`);
  const p = diff.privacy;
  if (p.added.length + p.removed.length > 0) parts.push(`${count(p.added.length + p.removed.length, 'personal data flow')} (${p.added.length} added, ${p.removed.length} removed)`);
  if (diff.continuity.length > 0) parts.push(count(diff.continuity.length, 'continuity change'));
  const v = diff.policy;
  if (v.raised.length + v.resolved.length > 0) parts.push(`${count(v.raised.length + v.resolved.length, 'policy violation')} (${v.raised.length} raised, ${v.resolved.length} resolved)`);
  if (diff.cost && diff.cost.components.length > 0) parts.push(`monthly cost ${money(diff.cost.before, false, diff.cost.currency)} → ${money(diff.cost.after, false, diff.cost.currency)} (${money(diff.cost.delta, true, diff.cost.currency)})`);
  if (diff.cost && diff.cost.co2eKg.delta !== 0) parts.push(`monthly carbon ${carbon(diff.cost.co2eKg.before)} → ${carbon(diff.cost.co2eKg.after)} (${carbon(diff.cost.co2eKg.delta, true)})`);
  return `**${parts.join(' · ')}**`;
}

/** The changed neighbourhood as a Mermaid flowchart (its fenced block's lines). */
function diagram(diff: ArchDiff): string[] {
  const ids = new Map<string, string>();
  const nodes: string[] = [];
  const node = (id: string, name: string, kind: string, style: string) => {
    if (ids.has(id)) return ids.get(id)!;
    // Numbered by nodes drawn (a copy's id is another name of its group's node).
    const key = `n${nodes.length}`;
    ids.set(id, key);
    nodes.push(`  ${key}["${mermaidText(name || id)}${kind ? `<br/><small>${mermaidText(kind)}</small>` : ''}"]${style ? `:::${style}` : ''}`);
    return key;
  };
  // N copies of one component (copies.ts) are one node, labelled with their number; every copy's id is that node.
  const groupOf = <T extends MapNode>(group: readonly T[], style: string) => {
    const key = node(group[0].id, group[0].name, group.length > 1 ? `${group[0].kind}, ${group.length} copies` : group[0].kind, style);
    for (const n of group.slice(1)) if (!ids.has(n.id)) ids.set(n.id, key);
  };
  for (const g of componentGroups(diff.components.added)) groupOf(g, 'added');
  for (const g of componentGroups(diff.components.removed)) groupOf(g, 'removed');
  for (const g of componentGroups(diff.components.changed)) groupOf(g, 'changed');
  const edges: string[] = [];
  const links: string[] = [];
  const drawn = new Set<string>();
  const edge = (e: DiffConnection, style: 'added' | 'removed') => {
    // An end neither added, removed nor changed is drawn plain (its kind unknown here: the connection's side names it).
    const from = ids.get(e.from) ?? node(e.from, e.fromName, '', '');
    const to = ids.get(e.to) ?? node(e.to, e.toName, '', '');
    const label = e.label && e.label !== e.kind ? `${e.kind} ${e.label}` : e.kind;
    const line = `  ${from} ${style === 'added' ? '-->' : '-.->'}|"${mermaidText(label)}"| ${to}`;
    // The copies' connections between the same drawn nodes: one arrow.
    if (drawn.has(line)) return;
    drawn.add(line);
    links.push(`  linkStyle ${edges.length} stroke:${style === 'added' ? '#2da44e' : '#cf222e'}`);
    edges.push(line);
  };
  // The same connection of N copies (its `copies`: copies.ts): one arrow, between the first copy's ends.
  for (const g of connectionGroups(diff.connections.added)) edge(g[0], 'added');
  for (const g of connectionGroups(diff.connections.removed)) edge(g[0], 'removed');
  if (nodes.length === 0) return [];
  return [
    '```mermaid',
    'flowchart LR',
    '  classDef added fill:#dafbe1,stroke:#2da44e,color:#000',
    '  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3,color:#000',
    '  classDef changed fill:#fff8c5,stroke:#bf8700,color:#000',
    ...nodes,
    ...edges,
    ...links,
    '```',
  ];
}

interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

const riskRow = (sign: string) => (r: DiffRisk) => [sign, markdownText(r.severity), markdownText(r.rule), markdownText(r.title), markdownText(r.pathNames.join(' → ')), where(r.sources)];
const policyRow = (sign: string) => (f: PolicyFact) => [sign, markdownText(f.action), markdownText(f.rule), markdownText(f.object), markdownText(f.component), markdownText(f.message), where([{ file: f.file, line: f.line }])];
const flowRow = (sign: string) => (f: DiffFlow) => [sign, markdownText(f.from), markdownText(f.to), markdownText(f.categories.join(', ')), where(f.sources)];

function tables(diff: ArchDiff): Table[] {
  const currency = diff.cost?.currency ?? 'USD';
  const c = diff.components;
  // N copies of one component changed alike (copies.ts): one row, its copies' ids in its Id cell.
  const ids = (group: readonly { id: string }[]) => markdownText(group.map((n) => n.id).join(', '));
  const componentRows = [
    ...componentGroups(c.added).map((g) => ['added', markdownText(g[0].kind), markdownText(g[0].name || g[0].id), ids(g), '', where(g[0].sources)]),
    ...componentGroups(c.removed).map((g) => ['removed', markdownText(g[0].kind), markdownText(g[0].name || g[0].id), ids(g), '', where(g[0].sources)]),
    ...componentGroups(c.changed).map((g) => ['changed', markdownText(g[0].kind), markdownText(g[0].name || g[0].id), ids(g), g[0].changes.map((ch) => markdownText(`${ch.field}: ${ch.before || '(none)'} → ${ch.after || '(none)'}`)).join('; '), where(g[0].sources)]),
    ...c.renamed.map((n) => ['renamed', markdownText(n.kind), markdownText(n.name || n.id), markdownText(n.id), markdownText(`id: ${n.from} → ${n.id}`), where(n.sources)]),
  ];
  // The same connection of N copies (its `copies`: copies.ts) is one row, its number of copies beside its sign: its copies' names, kind and lines are its own.
  const signed = (sign: string, group: readonly DiffConnection[]) => (group.length > 1 ? `${sign} (${group.length} copies)` : sign);
  const connectionRows = (sign: string, list: readonly DiffConnection[]) =>
    connectionGroups(list).map((g) => [signed(sign, g), markdownText(g[0].fromName), markdownText(g[0].kind), markdownText(g[0].toName), markdownText(g[0].label && g[0].label !== g[0].kind ? g[0].label : ''), where(g[0].sources)]);
  // A crossing is its boundaries': each copy's (each overlay's namespace) its own row.
  const boundaryRow = (sign: string) => (e: BoundaryConnection) => [sign, markdownText(e.fromName), markdownText(e.fromBoundary), markdownText(e.toName), markdownText(e.toBoundary), where(e.sources)];
  const connectionHeader = ['', 'From', 'Kind', 'To', 'Label', 'Where'];
  return [
    { title: 'Components', header: ['', 'Kind', 'Name', 'Id', 'Changes', 'Where'], rows: componentRows },
    { title: 'Connections', header: connectionHeader, rows: [...connectionRows('added', diff.connections.added), ...connectionRows('removed', diff.connections.removed)] },
    { title: 'Entry points', header: connectionHeader, rows: [...connectionRows('opened', diff.entryPoints.opened), ...connectionRows('closed', diff.entryPoints.closed)] },
    { title: 'Boundaries crossed', header: ['', 'From', 'Boundary', 'To', 'Boundary', 'Where'], rows: [...diff.boundaries.crossed.map(boundaryRow('crossed')), ...diff.boundaries.uncrossed.map(boundaryRow('uncrossed'))] },
    { title: 'Risks', header: ['', 'Severity', 'Rule', 'Risk', 'Attack path', 'Where'], rows: [...diff.threats.raised.map(riskRow('raised')), ...diff.threats.resolved.map(riskRow('resolved'))] },
    { title: 'Personal data flows', header: ['', 'From', 'To', 'Categories', 'Where'], rows: [...diff.privacy.added.map(flowRow('added')), ...diff.privacy.removed.map(flowRow('removed'))] },
    { title: 'Continuity', header: ['', 'Rule', 'Component', 'What', 'Where'], rows: diff.continuity.map((ch) => [ch.change, markdownText(ch.rule), markdownText(ch.component), markdownText(ch.message), where([{ file: ch.file, line: ch.line }])]) },
    { title: 'Policy violations', header: ['', 'Action', 'Rule', 'Object', 'Component', 'Message', 'Where'], rows: [...diff.policy.raised.map(policyRow('raised')), ...diff.policy.resolved.map(policyRow('resolved'))] },
    { title: 'Monthly cost', header: ['Resource', 'Before', 'After', 'Delta', 'Where'], rows: (diff.cost?.components ?? []).map((c) => [markdownText(c.id), markdownText(money(c.before, false, currency)), markdownText(money(c.after, false, currency)), markdownText(money(c.delta, true, currency)), where(c.sources)]) },
    { title: 'Monthly carbon', header: ['Component', 'Before', 'After', 'Delta', 'Where'], rows: carbonMoved(diff.cost).map((c) => [markdownText(c.id), markdownText(carbon(c.before)), markdownText(carbon(c.after)), markdownText(carbon(c.delta, true)), where(c.sources)]) },
    { title: 'Not priced', header: ['', 'Component', 'Reason', 'Where'], rows: notPriced(diff) },
  ].filter((table) => table.rows.length > 0);
}

/** What one side could not price that the other could: `head only` (the change made it unpriced), `base only`. */
function notPriced(diff: ArchDiff): string[][] {
  if (!diff.cost) return [];
  const { added, removed } = unpricedChange(diff.cost);
  const rows = (side: string) => (u: { address: string; reason: string; file: string }) => [side, markdownText(u.address), markdownText(u.reason), markdownText(u.file)];
  return [...added.map(rows('head only')), ...removed.map(rows('base only'))];
}

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/** The tables a reviewer reads first: what opens the system to the outside, the risks it raises and the policies it breaks stay when a comment is cut. */
const FIRST_TABLES: ReadonlySet<string> = new Set(['Entry points', 'Risks', 'Policy violations']);

/**
 * The diff as a pull-request comment, at most `max` characters (default GitHub's limit). When all of it does not fit,
 * the summary, the entry points and the risks come first, each table cut at its own tail, then the diagram if it
 * still fits, then the other tables until the budget ends: the long tail (a monorepo's hundreds of image rows) is what is cut.
 */
export function diffMarkdown(diff: ArchDiff, max = MARKDOWN_MAX_CHARS): string {
  const head = [`### Architecture change: ${markdownText(sideName(diff.base))} → ${markdownText(sideName(diff.head))}`, '', summary(diff)];
  if (unchanged(diff)) return head.join('\n');
  const whole = laidOut(diff, head, max, false);
  return whole.cut ? laidOut(diff, head, max, true).text : whole.text;
}

function laidOut(diff: ArchDiff, head: readonly string[], max: number, firstTablesFirst: boolean): { text: string; cut: boolean } {
  const budget = max - NOTE_RESERVE;
  let size = head.join('\n').length;
  const notes: string[] = [];
  const measure = (lines: readonly string[]) => lines.reduce((n, line) => n + line.length + 1, 0);
  const all = tables(diff);
  const first = firstTablesFirst ? all.filter((table) => FIRST_TABLES.has(table.title)) : [];
  const rest = all.filter((table) => !first.includes(table));
  let hidden = 0;
  // Past the first tables, once a row does not fit, it and every row after it are cut (never a later, shorter one in its place).
  let stopped = false;
  const place = (table: Table, stops: boolean): string[] => {
    const top = ['', `#### ${table.title}`, '', row(table.header), row(table.header.map(() => '---'))];
    if (stopped || size + measure(top) + row(table.rows[0]).length + 1 > budget) {
      hidden += table.rows.length;
      stopped ||= stops;
      return [];
    }
    const lines = [...top];
    size += measure(top);
    for (const [i, cells] of table.rows.entries()) {
      const line = row(cells);
      if (size + line.length + 1 > budget) {
        hidden += table.rows.length - i;
        stopped ||= stops;
        break;
      }
      lines.push(line);
      size += line.length + 1;
    }
    return lines;
  };
  // The first tables, each cut at its own tail.
  const firstLines = first.flatMap((table) => place(table, false));
  const picture = diagram(diff);
  const pictureSize = measure(picture);
  let pictureLines: string[] = [];
  if (pictureSize <= DIAGRAM_MAX_CHARS && size + pictureSize + 1 <= budget) {
    pictureLines = ['', ...picture];
    size += pictureSize + 1;
  } else notes.push('the diagram is left out (too large for a comment)');
  const restLines = rest.flatMap((table) => place(table, true));
  if (hidden > 0) notes.push(`${count(hidden, 'row')} not shown`);
  const out = [...head, ...pictureLines, ...firstLines, ...restLines];
  if (notes.length > 0) out.push('', `> **Cut to fit a comment's size limit:** ${notes.join('; ')}${first.length > 0 ? ' (the entry points and risks first)' : ''}. \`archipel diff --format json\` lists every change.`);
  return { text: out.join('\n'), cut: notes.length > 0 };
}
