/**
 * Hand-drawn diagrams against the system model (issue #49): an element drawn that the repository does
 * not deploy is a warning on its name ("did you mean" the nearest component, a quick fix), the
 * components the drawing lacks are one information diagnostic on its header (a quick fix adds them),
 * and the drawing can be regenerated from the model in place, keeping what the author set by hand
 * (front matter, comments, direction, classes and styles, the people and external systems drawn, a
 * Structurizr workspace's views). A drawing is compared only when it draws this system: at least two of
 * its elements are components of the model.
 */
import { closestName } from '../common/suggest';
import type { SystemNode } from '../features/system/contributor';
import { formatNumber, t } from '../l10n/t';
import type { Drawing, DrawnElement } from './drawings';
import { imageBaseName } from '../features/system/images';
import { componentKinds, storeKinds } from '../features/system/contributor';
import { componentsOf } from './components';
import type { SystemModel } from './model';
import { systemRules } from './rules';
import { under } from '../features/system/source';
import { systemView, type SystemViewGraph, type ViewNode } from './views';
import { appendTo } from './lists';

export interface DriftFinding {
  /** Offsets in the drawing's text. */
  start: number;
  end: number;
  code: string;
  message: string;
  data?: { replacement: string; title: string } | { insert: string; at: number; title: string };
}

function normal(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, ' ').trim();
}

/** The names a node is drawn by: its name, an image's last segment, a file's name with and without extension, a technology. */
function namesOf(node: SystemNode): string[] {
  const names = [node.name];
  if (node.kind === 'image') names.push(imageBaseName(node.name));
  if (node.id.startsWith('file:')) {
    const base = node.name.slice(node.name.lastIndexOf('/') + 1);
    names.push(base, base.replace(/\.[^.]+$/, ''));
  }
  if (node.kind === 'environment' && node.name.startsWith('Compose ')) names.push(node.name.slice(8));
  if (node.technology && node.kind !== 'service' && node.kind !== 'job' && node.kind !== 'endpoint') names.push(node.technology);
  return names.map(normal).filter((n) => n.length > 0);
}

const fileKinds = new Set(['data', 'model', 'build', 'stage', 'monitor']);

/** What a model answers to a drawn name. */
class NameIndex {
  private readonly byName = new Map<string, SystemNode[]>();
  readonly components: SystemNode[];

  constructor(model: SystemModel) {
    for (const node of model.nodes) for (const name of namesOf(node)) appendTo(this.byName, name, node);
    this.components = model.nodes.filter((n) => componentKinds.has(n.kind));
  }

  /**
   * The nodes an element names: by its whole label or id, else by one of its words naming something
   * deployed — a component, an endpoint, an image, a namespace, what deploys (`Service stock-predictor`,
   * `model-sync sidecar`) — not a file (`Model registry` does not draw model.onnx).
   */
  match(element: DrawnElement): SystemNode[] {
    const whole = [normal(element.label), normal(element.id)];
    for (const name of whole) {
      const found = this.byName.get(name);
      if (found) return found;
    }
    const words = normal(element.label).split(' ').filter((w) => w.length >= 4);
    return words.flatMap((word) => (this.byName.get(word) ?? []).filter((n) => !fileKinds.has(n.kind)));
  }
}

/** The environment a node runs in (its outermost parent), for "which components should this drawing show". */
function environmentOf(node: SystemNode, model: SystemModel): string {
  let current = node;
  for (let depth = 0; current.parent && depth < 8; depth++) {
    const parent = model.node(current.parent);
    if (!parent) break;
    current = parent;
  }
  return current.id.startsWith('k8s:') ? 'k8s' : current.id;
}

export interface Drift {
  findings: DriftFinding[];
  /** The components the drawing lacks. */
  missing: SystemNode[];
}

/** The drift of a drawing of the project `folder` (its file's project: projectFolder), or undefined when it does not draw this system. */
export function driftOf(drawing: Drawing, model: SystemModel, folder: string): Drift | undefined {
  const names = new NameIndex(model);
  if (names.components.length === 0) return undefined;
  if (drawing.limit) {
    const { kind, bound } = drawing.limit;
    const message =
      kind === 'bytes' ? t('The drawing is over {0} KB (a limit of Archipel, docs/limits.md): it is not compared with the system map.', String(bound / 1024))
      : kind === 'elements' ? t('The drawing has more than {0} elements (a limit of Archipel, docs/limits.md): it is not compared with the system map.', formatNumber(bound))
      : t('The drawing has more than {0} edges (a limit of Archipel, docs/limits.md): it is not compared with the system map.', formatNumber(bound));
    return { findings: [{ start: drawing.header.start, end: drawing.header.end, code: systemRules.drawingLimit.id, message }], missing: [] };
  }
  const matched = new Map<DrawnElement, SystemNode[]>(drawing.elements.map((e) => [e, names.match(e)]));
  const drawnComponents = drawing.elements.filter((e) => !e.group && (matched.get(e) ?? []).some((n) => componentKinds.has(n.kind) || n.kind === 'endpoint'));
  if (drawnComponents.length < 2) return undefined;
  const findings: DriftFinding[] = [];
  const componentNames = [...new Set(names.components.map((n) => n.name))];
  const suggested = new Set<string>();
  for (const element of drawing.elements) {
    if (element.group || element.external || (matched.get(element) ?? []).length > 0) continue;
    // By the label the reader sees (an id such as `hpa` is no typo of `api`).
    const suggestion = closestName(element.label, componentNames);
    if (suggestion) suggested.add(suggestion);
    findings.push({
      start: element.start,
      end: element.end,
      code: systemRules.drawingUnknown.id,
      message: suggestion ? t('"{0}" is drawn but the repository does not deploy it: did you mean "{1}"?', element.label, suggestion) : t('"{0}" is drawn but the repository does not deploy it (mark it external if it is outside the system).', element.label),
      ...(suggestion ? { data: { replacement: suggestion, title: t('Replace with "{0}"', suggestion) } } : {}),
    });
  }
  // The components of the environments the drawing shows (a drawing of the cluster does not owe the Compose stack).
  const shown = new Set<string>();
  const environments = new Set<string>();
  for (const nodes of matched.values()) {
    for (const node of nodes) {
      shown.add(`${node.name}\0${node.image ?? ''}`);
      if (componentKinds.has(node.kind) || node.kind === 'endpoint') environments.add(environmentOf(node, model));
    }
  }
  const { of } = componentsOf(model);
  const missing: SystemNode[] = [];
  const seen = new Set<string>();
  for (const node of names.components) {
    const key = of.get(node.id)?.id ?? node.id;
    // A component drawn under a misspelt name is said once, on that name; a component deployed several ways, once.
    if (shown.has(`${node.name}\0${node.image ?? ''}`) || drawnComponentIds(matched, of).has(key) || seen.has(key) || suggested.has(node.name) || !environments.has(environmentOf(node, model)) || !node.sources.some((s) => under(s.uri, folder))) continue;
    seen.add(key);
    missing.push(node);
  }
  const calls = arrowDrift(drawing, matched, model, missing, findings);
  if (missing.length > 0 || calls.missing.length > 0) {
    const insert = additions(drawing, missing, calls.missing, matched, of);
    const lacks = [
      ...(missing.length > 0 ? [t('The drawing lacks {0} the repository deploys: {1}.', missing.length === 1 ? t('a component') : t('{0} components', String(missing.length)), missing.map((n) => n.name).join(', '))] : []),
      ...(calls.missing.length > 0 ? [t('The drawing lacks {0} the system map has: {1}.', calls.missing.length === 1 ? t('a call') : t('{0} calls', String(calls.missing.length)), calls.missing.map((c) => `${c.fromName} → ${c.toName}`).join(', '))] : []),
    ];
    const title = missing.length === 0 ? (calls.missing.length === 1 ? t('Add the missing call to the drawing') : t('Add the {0} missing calls to the drawing', String(calls.missing.length))) : missing.length === 1 ? t('Add {0} to the drawing', missing[0].name) : t('Add the {0} missing components to the drawing', String(missing.length));
    findings.push({
      start: drawing.header.start,
      end: drawing.header.end,
      code: systemRules.drawingMissing.id,
      message: lacks.join(' '),
      ...(insert ? { data: { ...insert, title } } : {}),
    });
  }
  return { findings, missing };
}

/** The components (by their component's id) the drawing's elements draw. */
function drawnComponentIds(matched: ReadonlyMap<DrawnElement, SystemNode[]>, of: ReadonlyMap<string, { id: string }>): Set<string> {
  const ids = new Set<string>();
  for (const nodes of matched.values()) for (const node of nodes) if (of.has(node.id)) ids.add(of.get(node.id)!.id);
  return ids;
}

/** A call of the model that a drawing lacks: between components (their component ids), with the names the drawing knows them by. */
interface MissingCall {
  from: string;
  to: string;
  fromName: string;
  toName: string;
  label: string;
  protocol?: string;
}

/**
 * The arrows against the model: an arrow between two components the model connects by nothing (no
 * call, possible call, route or dependency, either way) is a warning on it; the model's calls between
 * components the drawing shows (or lacks) that no arrow draws are given back for the information
 * diagnostic. An arrow from or to a person, an external system or an element the model does not know
 * is the author's to draw.
 */
function arrowDrift(drawing: Drawing, matched: ReadonlyMap<DrawnElement, SystemNode[]>, model: SystemModel, missing: readonly SystemNode[], findings: DriftFinding[]): { missing: MissingCall[] } {
  const view = systemView(model, 'containers', '');
  const viewOf = new Map<string, string>();
  for (const node of view.nodes) for (const member of node.members) viewOf.set(member, node.id);
  const byId = new Map(drawing.elements.map((e) => [e.id, e]));
  const componentsOfElement = (id: string): Set<string> => {
    const element = byId.get(id);
    if (!element || element.external || element.group) return new Set();
    return new Set((matched.get(element) ?? []).filter((n) => componentKinds.has(n.kind)).map((n) => viewOf.get(n.id)).filter((v) => v !== undefined));
  };
  const connected = new Set(view.edges.flatMap((e) => [`${e.from}\0${e.to}`, `${e.to}\0${e.from}`]));
  const drawnPairs = new Set<string>();
  for (const arrow of drawing.arrows) {
    const from = componentsOfElement(arrow.from);
    const to = componentsOfElement(arrow.to);
    if (from.size === 0 || to.size === 0) continue;
    for (const a of from) {
      for (const b of to) {
        drawnPairs.add(`${a}\0${b}`);
        drawnPairs.add(`${b}\0${a}`);
      }
    }
    if ([...from].some((a) => [...to].some((b) => a === b || connected.has(`${a}\0${b}`)))) continue;
    const label = (id: string) => byId.get(id)?.label ?? id;
    findings.push({ start: arrow.start, end: arrow.end, code: systemRules.drawingArrow.id, message: t('"{0}" → "{1}" is drawn, but the system map has no call, route or dependency between them.', label(arrow.from), label(arrow.to)) });
  }
  // The components the drawing should show: those it draws, and those it lacks.
  const nameOf = new Map<string, string>();
  for (const element of drawing.elements) for (const id of componentsOfElement(element.id)) if (!nameOf.has(id)) nameOf.set(id, element.label);
  for (const node of missing) {
    const id = viewOf.get(node.id);
    if (id && !nameOf.has(id)) nameOf.set(id, node.name);
  }
  const lacking: MissingCall[] = [];
  for (const edge of view.edges) {
    if (edge.kind !== 'calls' || !nameOf.has(edge.from) || !nameOf.has(edge.to) || drawnPairs.has(`${edge.from}\0${edge.to}`)) continue;
    lacking.push({ from: edge.from, to: edge.to, fromName: nameOf.get(edge.from)!, toName: nameOf.get(edge.to)!, label: edge.label, ...(edge.protocol ? { protocol: edge.protocol } : {}) });
  }
  return { missing: lacking };
}

/** An identifier for a new element, unlike the drawing's. */
function aliasFor(name: string, taken: Set<string>): string {
  let base = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|(?<!_)_+$/g, '') || 'component';
  if (/^\d/.test(base)) base = `c${base}`;
  let alias = base;
  for (let i = 2; taken.has(alias); i++) alias = `${base}_${i}`;
  taken.add(alias);
  return alias;
}

function quoted(text: string): string {
  return text.replace(/"/g, "'");
}

/** A line declaring a component in a drawing's dialect. */
function declaration(drawing: Drawing, node: Pick<SystemNode, 'kind' | 'name' | 'technology'>, alias: string): string {
  const store = storeKinds.has(node.kind);
  if (drawing.dialect === 'flowchart') return store ? `${alias}[("${quoted(node.name)}")]` : `${alias}["${quoted(node.name)}"]`;
  if (drawing.dialect === 'c4') return `${store ? 'ContainerDb' : node.kind === 'broker' ? 'ContainerQueue' : 'Container'}(${alias}, "${quoted(node.name)}", "${quoted(node.technology ?? '')}")`;
  return `${alias} = container "${quoted(node.name)}" "" "${quoted(node.technology ?? '')}"${store ? ' "Database"' : ''}`;
}

/** An arrow in a drawing's dialect. */
function arrowLine(drawing: Drawing, from: string, to: string, label: string, protocol: string | undefined): string {
  if (drawing.dialect === 'flowchart') return `${from} -->|"${quoted(label)}"| ${to}`;
  if (drawing.dialect === 'c4') return `Rel(${from}, ${to}, "${quoted(label)}"${protocol ? `, "${quoted(protocol)}"` : ''})`;
  return `${from} -> ${to} "${quoted(label)}"${protocol ? ` "${quoted(protocol)}"` : ''}`;
}

/** The text adding the missing components, then the missing calls, after the drawing's last element (in its indentation). */
function additions(drawing: Drawing, missing: readonly SystemNode[], calls: readonly MissingCall[], matched: ReadonlyMap<DrawnElement, SystemNode[]>, of: ReadonlyMap<string, { id: string }>): { insert: string; at: number } | undefined {
  if (!drawing.lastElement) return undefined;
  const taken = new Set(drawing.elements.map((e) => e.id));
  // The id each component has in the drawing: the element drawing it, else the one given to it here.
  const idOf = new Map<string, string>();
  for (const [element, nodes] of matched) for (const node of nodes) if (of.has(node.id) && !element.external && !element.group && !idOf.has(of.get(node.id)!.id)) idOf.set(of.get(node.id)!.id, element.id);
  const lines: string[] = [];
  for (const node of missing) {
    const alias = aliasFor(node.name, taken);
    idOf.set(of.get(node.id)?.id ?? node.id, alias);
    lines.push(`${drawing.lastElement.indent}${declaration(drawing, node, alias)}`);
  }
  for (const call of calls) {
    const [from, to] = [idOf.get(call.from), idOf.get(call.to)];
    if (from && to) lines.push(`${drawing.lastElement.indent}${arrowLine(drawing, from, to, call.label, call.protocol)}`);
  }
  return lines.length > 0 ? { insert: `\n${lines.join('\n')}`, at: drawing.lastElement.end } : undefined;
}

/** Lines of a Mermaid drawing the author set by hand and a regeneration keeps. */
const keptFlowchart = /^\s*(%%|classDef\b|class\b|style\b|click\b|accTitle\b|accDescr\b)/;
const keptC4 = /^\s*(%%|title\b|Update\w*\(|accTitle\b|accDescr\b)/;

/**
 * The drawing made again from a view of the model, in its own dialect: the components and their
 * connections from the model (under the ids the author gave them), with the author's front matter,
 * header, comments, classes and styles, and the people and external systems drawn, kept.
 */
export function regenerated(text: string, drawing: Drawing, view: SystemViewGraph, model: SystemModel, folder: string): string | undefined {
  const names = new NameIndex(model);
  const aliasOf = new Map<string, string>();
  for (const element of drawing.elements) for (const node of names.match(element)) if (!aliasOf.has(node.id)) aliasOf.set(node.id, element.id);
  const taken = new Set(drawing.elements.map((e) => e.id));
  const idOf = (node: ViewNode) => node.members.map((m) => aliasOf.get(m)).find((a) => a !== undefined) ?? aliasOf.get(node.id) ?? (aliasOf.set(node.id, aliasFor(node.name, taken)), aliasOf.get(node.id)!);
  const lines = text.split('\n');
  const components = view.nodes.filter((n) => componentKinds.has(n.kind) && n.sources.some((s) => under(s.uri, folder)));
  const shown = new Set(components.map((n) => n.id));
  const connections = view.edges.filter((edge) => shown.has(edge.from) && shown.has(edge.to)).map((edge) => ({ edge, from: idOf(components.find((n) => n.id === edge.from)!), to: idOf(components.find((n) => n.id === edge.to)!) }));
  if (drawing.dialect === 'structurizr') return regeneratedDsl(lines, drawing, components.map((node) => ({ node, id: idOf(node) })), connections);
  // The header's line: the first whose end reaches the header's end (lengths summed once, not joined again for each line).
  let headerLine = -1;
  for (let i = 0, reached = -1; i < lines.length && headerLine < 0; i++) if ((reached += lines[i].length + 1) >= drawing.header.end) headerLine = i;
  const keep = drawing.dialect === 'flowchart' ? keptFlowchart : keptC4;
  const head = lines.slice(0, headerLine + 1);
  const externals = drawing.elements.filter((e) => e.external);
  // A line naming an external element as a whole word (a regular expression compiled per line and element before).
  const externalIds = new Set(externals.map((e) => e.id));
  const externalLines = lines.filter((line, i) => i > headerLine && line.split(/[^\w-]+/).some((word) => externalIds.has(word)) && !keep.test(line));
  const kept = lines.slice(headerLine + 1).filter((line) => keep.test(line));
  const indent = drawing.lastElement?.indent ?? '  ';
  const body = components.map((node) => `${indent}${declaration(drawing, node, idOf(node))}`);
  for (const { edge, from, to } of connections) {
    const { label, protocol } = authored(drawing, from, to, edge);
    body.push(`${indent}${arrowLine(drawing, from, to, label, protocol)}`);
  }
  const c4Kept = drawing.dialect === 'c4' ? kept.filter((l) => /^\s*title\b/.test(l)) : [];
  const rest = drawing.dialect === 'c4' ? kept.filter((l) => !/^\s*title\b/.test(l)) : kept;
  return [...head, ...c4Kept, ...externalLines, ...body, ...rest].join('\n').replace(/(?<!\n)\n*$/, '\n');
}

const dslRelation = /^\s*([\w.-]+)\s*->\s*([\w.-]+)/;

/** The label and technology of a connection: the author's, on an arrow the drawing has between the same ids ("adds items to the cart", "gRPC"), else the model's. */
function authored(drawing: Drawing, from: string, to: string, edge: { label: string; protocol?: string }): { label: string; protocol?: string } {
  const arrow = drawing.arrows.find((a) => a.from === from && a.to === to) ?? drawing.arrows.find((a) => a.from === to && a.to === from);
  const protocol = arrow?.technology ?? edge.protocol;
  return { label: arrow?.label ?? edge.label, ...(protocol ? { protocol } : {}) };
}

/**
 * A Structurizr workspace made again from the model, in place: every line the author wrote stays
 * (people, external systems, the views with their layout and styles, a container the model still
 * has, with its description, tags and block) but the containers the repository does not deploy (with
 * their blocks and relationships), and the relationships between containers, which come from the
 * model; the model's containers the drawing lacks are added after its last container.
 */
function regeneratedDsl(lines: readonly string[], drawing: Drawing, components: readonly { node: ViewNode; id: string }[], connections: readonly { edge: SystemViewGraph['edges'][number]; from: string; to: string }[]): string | undefined {
  if (!drawing.lastElement) return undefined;
  const wanted = new Set(components.map((c) => c.id));
  const containerElements = drawing.elements.filter((e) => e.keyword === 'container');
  const containers = new Set(containerElements.map((e) => e.id));
  // The line each container is declared on (drawings.ts read them in order: their name's offset).
  const declared = new Map<number, string>();
  for (let i = 0, next = 0, e = 0; i < lines.length && e < containerElements.length; i++) {
    next += lines[i].length + 1;
    while (e < containerElements.length && containerElements[e].start < next) declared.set(i, containerElements[e++].id);
  }
  const kept: string[] = [];
  const retained = new Set<string>();
  let afterContainers = -1;
  let relationsAt = -1;
  let relationIndent = '';
  let indent = drawing.lastElement.indent;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const id = declared.get(i);
    if (id !== undefined) {
      indent = /^\s*/.exec(line)?.[0] ?? indent;
      let last = i;
      // A block (`{ … }`: description, tags, components) goes with its container.
      for (let depth = braces(line); depth > 0 && last + 1 < lines.length; ) depth += braces(lines[++last]);
      if (wanted.has(id)) {
        retained.add(id);
        kept.push(...lines.slice(i, last + 1));
      }
      afterContainers = kept.length;
      i = last;
      continue;
    }
    const relation = dslRelation.exec(line);
    const between = relation && [relation[1], relation[2]];
    if (between && (between.every((id) => containers.has(id) || wanted.has(id)) || between.some((id) => containers.has(id) && !wanted.has(id)))) {
      if (relationsAt < 0) {
        relationsAt = kept.length;
        relationIndent = /^\s*/.exec(line)?.[0] ?? '';
      }
      continue;
    }
    kept.push(line);
  }
  if (afterContainers < 0) return undefined;
  const added = components.filter((c) => !retained.has(c.id)).map((c) => `${indent}${declaration(drawing, c.node, c.id)}`);
  const after = relationsAt > afterContainers;
  const relations = connections.map(({ edge, from, to }) => {
    const { label, protocol } = authored(drawing, from, to, edge);
    return `${after ? relationIndent : indent}${arrowLine(drawing, from, to, label, protocol)}`;
  });
  if (after) kept.splice(relationsAt, 0, ...relations);
  kept.splice(afterContainers, 0, ...added, ...(after ? [] : relations));
  return kept.join('\n').replace(/(?<!\n)\n*$/, '\n');
}

/** How many braces a DSL line opens (negative: closes), strings and comments aside. */
function braces(line: string): number {
  const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(?<!\/)\/\/.*$|^\s*#.*$/, '');
  return (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
}
