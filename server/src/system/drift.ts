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
import { componentKinds } from '../features/system/contributor';
import type { SystemModel } from './model';
import { systemRules } from './rules';
import { under } from '../features/system/source';
import type { SystemViewGraph, ViewNode } from './views';

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
    for (const node of model.nodes) for (const name of namesOf(node)) this.byName.set(name, [...(this.byName.get(name) ?? []), node]);
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
  const missing: SystemNode[] = [];
  const seen = new Set<string>();
  for (const node of names.components) {
    const key = `${node.name}\0${node.image ?? ''}`;
    // A component drawn under a misspelt name is said once, on that name.
    if (shown.has(key) || seen.has(key) || suggested.has(node.name) || !environments.has(environmentOf(node, model)) || !node.sources.some((s) => under(s.uri, folder))) continue;
    seen.add(key);
    missing.push(node);
  }
  if (missing.length > 0) {
    const insert = additions(drawing, missing);
    findings.push({
      start: drawing.header.start,
      end: drawing.header.end,
      code: systemRules.drawingMissing.id,
      message: t('The drawing lacks {0} the repository deploys: {1}.', missing.length === 1 ? t('a component') : t('{0} components', String(missing.length)), missing.map((n) => n.name).join(', ')),
      ...(insert ? { data: { ...insert, title: missing.length === 1 ? t('Add {0} to the drawing', missing[0].name) : t('Add the {0} missing components to the drawing', String(missing.length)) } } : {}),
    });
  }
  return { findings, missing };
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
  if (drawing.dialect === 'flowchart') return node.kind === 'datastore' ? `${alias}[("${quoted(node.name)}")]` : `${alias}["${quoted(node.name)}"]`;
  if (drawing.dialect === 'c4') return `${node.kind === 'datastore' ? 'ContainerDb' : node.kind === 'broker' ? 'ContainerQueue' : 'Container'}(${alias}, "${quoted(node.name)}", "${quoted(node.technology ?? '')}")`;
  return `${alias} = container "${quoted(node.name)}" "" "${quoted(node.technology ?? '')}"${node.kind === 'datastore' ? ' "Database"' : ''}`;
}

/** The text adding the missing components after the drawing's last element (in its indentation). */
function additions(drawing: Drawing, missing: readonly SystemNode[]): { insert: string; at: number } | undefined {
  if (!drawing.lastElement) return undefined;
  const taken = new Set(drawing.elements.map((e) => e.id));
  const lines = missing.map((node) => `${drawing.lastElement!.indent}${declaration(drawing, node, aliasFor(node.name, taken))}`);
  return { insert: `\n${lines.join('\n')}`, at: drawing.lastElement.end };
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
    body.push(drawing.dialect === 'flowchart' ? `${indent}${from} -->|"${quoted(edge.label)}"| ${to}` : `${indent}Rel(${from}, ${to}, "${quoted(edge.label)}"${edge.protocol ? `, "${quoted(edge.protocol)}"` : ''})`);
  }
  const c4Kept = drawing.dialect === 'c4' ? kept.filter((l) => /^\s*title\b/.test(l)) : [];
  const rest = drawing.dialect === 'c4' ? kept.filter((l) => !/^\s*title\b/.test(l)) : kept;
  return [...head, ...c4Kept, ...externalLines, ...body, ...rest].join('\n').replace(/(?<!\n)\n*$/, '\n');
}

const dslRelation = /^\s*([\w.-]+)\s*->\s*([\w.-]+)/;

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
  const relations = connections.map(({ edge, from, to }) => `${after ? relationIndent : indent}${from} -> ${to} "${quoted(edge.label)}"${edge.protocol ? ` "${quoted(edge.protocol)}"` : ''}`);
  if (after) kept.splice(relationsAt, 0, ...relations);
  kept.splice(afterContainers, 0, ...added, ...(after ? [] : relations));
  return kept.join('\n').replace(/(?<!\n)\n*$/, '\n');
}

/** How many braces a DSL line opens (negative: closes), strings and comments aside. */
function braces(line: string): number {
  const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(?<!\/)\/\/.*$|^\s*#.*$/, '');
  return (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
}
