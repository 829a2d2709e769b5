/**
 * The elements of a hand-drawn architecture diagram, with the exact place of each name: a Mermaid
 * flowchart (`id["label"]`, bare ids in edges, subgraphs, `:::class` and `class a,b name`), a Mermaid
 * C4 diagram (`Container(alias, "label", …)`, `Person`, `*_Ext`, boundaries, deployment nodes) and a
 * Structurizr DSL file (`id = container "Name"`, `person`, `softwareSystem`, `deploymentNode`).
 * Read line by line, linearly, without running anything; what is not an element is skipped. A
 * drawing past MAX_DRAWING_BYTES, MAX_DRAWING_ELEMENTS or MAX_DRAWING_EDGES is read no further: its
 * `limit` says which bound it passed, and it is not compared with the system map.
 */

/** The bounds of a drawing Archipel compares with the system map (docs/limits.md): hand-drawn diagrams hold tens of boxes. */
export const MAX_DRAWING_BYTES = 512 * 1024;
export const MAX_DRAWING_ELEMENTS = 2_000;
export const MAX_DRAWING_EDGES = 5_000;

/** Which bound a drawing passed, and where its reading stopped. */
export interface DrawingLimit {
  kind: 'bytes' | 'elements' | 'edges';
  bound: number;
}

export type Dialect = 'flowchart' | 'c4' | 'structurizr';

export interface DrawnElement {
  /** The identifier the drawing uses (a node id, a C4 alias, a DSL identifier). */
  id: string;
  /** What the reader sees (the label, or the id when it has none). */
  label: string;
  /** The text compared with the model and its offsets in the drawing's text (the label's, else the id's). */
  start: number;
  end: number;
  /** A place (subgraph, boundary, deployment node): compared, never reported as missing or extra. */
  group: boolean;
  /** Drawn as outside the system (a person, an external system, a node of class `external`): never reported. */
  external: boolean;
  /** The C4 macro or DSL keyword (`ContainerDb`, `container`), for regeneration. */
  keyword?: string;
}

/** An arrow of a drawing: between two elements' ids, with the label and technology the author wrote, and its place (the arrow's text, from one end to the other). */
export interface DrawnArrow {
  from: string;
  to: string;
  label?: string;
  technology?: string;
  start: number;
  end: number;
}

export interface Drawing {
  dialect: Dialect;
  elements: DrawnElement[];
  arrows: DrawnArrow[];
  /** Where the diagram's header is (`flowchart LR`, `C4Container`, `workspace`): the missing components are reported there. */
  header: { start: number; end: number };
  /** The end of the line of the last element (where missing ones are added), and that line's indentation. */
  lastElement?: { end: number; indent: string };
  /** The bound the drawing passed: its elements are those read before it, and it is not compared. */
  limit?: DrawingLimit;
}

/** The bound a drawing passes once `elements` elements and `edges` edges are read, if any. */
function limitPassed(elements: number, edges: number): DrawingLimit | undefined {
  if (elements > MAX_DRAWING_ELEMENTS) return { kind: 'elements', bound: MAX_DRAWING_ELEMENTS };
  if (edges > MAX_DRAWING_EDGES) return { kind: 'edges', bound: MAX_DRAWING_EDGES };
  return undefined;
}

/** An arrow of a flowchart (`-->`, `==>`, `-.->`, `---`, `<-->`, `--o`, `~~~`): an edge. */
const flowchartArrow = /<?[-=.~]{2,}[>ox]?/g;

/** Classes that say a flowchart node is outside the system. */
const externalClasses = new Set(['external', 'ext', 'person', 'actor', 'user', 'users', 'outside', 'thirdparty', 'third-party']);

/** Each line of a text with its start offset, one at a time (a reader that stops early reads no further). */
function* linesOf(text: string): Generator<{ line: string; start: number }> {
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    yield { line: text.slice(start, text[end - 1] === '\r' ? end - 1 : end), start };
    if (newline < 0) return;
    start = newline + 1;
  }
}

/** The first diagram line after front matter, comments and directives: its keyword. */
export function dialectOf(text: string): Dialect | undefined {
  let inFrontMatter = false;
  for (const { line } of linesOf(text)) {
    const trimmed = line.trim();
    if (trimmed === '---') {
      inFrontMatter = !inFrontMatter;
      continue;
    }
    if (inFrontMatter || trimmed === '' || trimmed.startsWith('%%')) continue;
    if (/^(flowchart|graph)\b/i.test(trimmed)) return 'flowchart';
    if (/^C4(Context|Container|Component|Deployment|Dynamic)\b/.test(trimmed)) return 'c4';
    return undefined;
  }
  return undefined;
}

const shapes = /(\(\[|\[\[|\[\(|\(\(\(|\(\(|\{\{|\[\/|\[\\|\[|\(|\{|>)/;
const closers: Record<string, string> = { '([': '])', '[[': ']]', '[(': ')]', '(((': ')))', '((': '))', '{{': '}}', '[/': '/]', '[\\': '\\]', '[': ']', '(': ')', '{': '}', '>': ']' };

/** A Mermaid flowchart's nodes and subgraphs. */
function flowchartElements(text: string): Drawing {
  const elements = new Map<string, DrawnElement>();
  const arrows: DrawnArrow[] = [];
  const externals = new Set<string>();
  let header = { start: 0, end: 0 };
  let lastElement: Drawing['lastElement'];
  let seenHeader = false;
  let limit: DrawingLimit | undefined = text.length > MAX_DRAWING_BYTES ? { kind: 'bytes', bound: MAX_DRAWING_BYTES } : undefined;
  let edges = 0;
  for (const { line, start } of linesOf(text)) {
    const body = line.split('%%', 1)[0];
    const trimmed = body.trim();
    if (!seenHeader) {
      if (/^(flowchart|graph)\b/i.test(trimmed)) {
        seenHeader = true;
        header = { start: start + body.indexOf(trimmed), end: start + body.indexOf(trimmed) + trimmed.length };
        // Past the byte bound, the header is all that is read (where the limit is said).
        if (limit) break;
      }
      continue;
    }
    limit = limitPassed(elements.size, edges);
    if (limit) break;
    if (trimmed === '' || /^(end|direction|classDef|style|linkStyle|click|accTitle|accDescr)\b/.test(trimmed)) continue;
    // `class a,b external;`: the ids, then the class (the last word), each read once.
    const classLine = /^class\s+([\w,-][\w,\s-]*)$/.exec(trimmed.replace(/(?<!\s)\s*;$/, ''));
    const classAt = classLine ? classLine[1].search(/(?<!\s)\s+[\w-]+$/) : -1;
    if (classLine && classAt > 0) {
      if (externalClasses.has(classLine[1].slice(classAt).trim().toLowerCase())) for (const id of classLine[1].slice(0, classAt).split(',')) externals.add(id.trim());
      continue;
    }
    const subgraph = /^subgraph\s+([\w-]+)\s*(?:\[([^\]]*)\])?/.exec(trimmed);
    if (subgraph) {
      const id = subgraph[1];
      const named = subgraph[2]?.trim().replace(/^"([^"]*)"$/, '$1');
      const label = named ?? id;
      const offset = start + body.indexOf(named !== undefined ? named : id, body.indexOf(id) + (named !== undefined ? id.length : 0));
      elements.set(id, { id, label, start: offset, end: offset + label.length, group: true, external: false });
      continue;
    }
    // Edge labels (`|text|`, `-- text -->`) are not nodes.
    const withoutLabels = body.replace(/\|[^|]*\|/g, (m) => ' '.repeat(m.length)).replace(/(--|==|-\.)\s[^->=.]*?\s(-->|==>|\.->|---)/g, (m, a: string, b: string) => `${a}${' '.repeat(m.length - a.length - b.length)}${b}`);
    edges += withoutLabels.match(flowchartArrow)?.length ?? 0;
    let found = false;
    for (const match of withoutLabels.matchAll(/(?:^|[\s&>-])([A-Za-z0-9_][\w-]*)(?=\s*[([{>])/g)) {
      const id = match[1];
      const after = match.index + match[0].length;
      const open = shapes.exec(withoutLabels.slice(after).trimStart())?.[1];
      if (!open || withoutLabels.slice(after).trimStart().indexOf(open) !== 0) continue;
      const openAt = withoutLabels.indexOf(open, after);
      const close = closers[open];
      const closeAt = body.indexOf(close, openAt + open.length);
      if (closeAt < 0) continue;
      const raw = body.slice(openAt + open.length, closeAt);
      const quoted = /^\s*"(.*)"\s*$/.exec(raw);
      const label = (quoted ? quoted[1] : raw).split(/<br\s*\/?>/i)[0].trim();
      const labelAt = start + openAt + open.length + raw.indexOf(label);
      const classes = /^:::([\w-]+)/.exec(body.slice(closeAt + close.length));
      if (classes && externalClasses.has(classes[1].toLowerCase())) externals.add(id);
      if (!elements.has(id) || elements.get(id)!.label === id) elements.set(id, { id, label: label || id, start: labelAt, end: labelAt + (label || id).length, group: false, external: false });
      found = true;
    }
    // Bare ids between arrows (`a --> b`, `a & b --> c`).
    for (const part of withoutLabels.split(/<?[-=.~]{2,}[>ox]?|&/)) {
      const bare = /^\s*([A-Za-z0-9_][\w-]*)(:::([\w-]+))?(?:\s*;)?\s*$/.exec(part);
      if (!bare || elements.has(bare[1])) continue;
      if (bare[3] && externalClasses.has(bare[3].toLowerCase())) externals.add(bare[1]);
      const at = start + withoutLabels.indexOf(part) + part.indexOf(bare[1]);
      elements.set(bare[1], { id: bare[1], label: bare[1], start: at, end: at + bare[1].length, group: false, external: false });
      found = true;
    }
    if (found) lastElement = { end: start + line.length, indent: /^\s*/.exec(line)?.[0] ?? '  ' };
    arrows.push(...flowchartArrows(body, start));
  }
  limit ??= limitPassed(elements.size, edges);
  for (const id of externals) {
    const element = elements.get(id);
    if (element) element.external = true;
  }
  return { dialect: 'flowchart', elements: [...elements.values()], arrows, header, ...(lastElement ? { lastElement } : {}), ...(limit ? { limit } : {}) };
}

/** A flowchart id (dashes inside, never two in a row: `a-->b` is two ids and an arrow). */
const flowchartId = /[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*/y;
/** A link with its text between its strokes (`-- calls -->`, `-. maybe .->`, `== sync ==>`). */
const textLink = /\s*(--|==|-\.)\s+([^|\s](?:[^|]*[^|\s])?)\s+(-->|==>|\.->|---|-\.-|\.-)\s*/y;
/** A link, its text after it between pipes (`-->|calls|`, `-.->`, `==>`, `---`, `<-->`). */
const plainLink = /\s*(<?(?:-{2,}|={2,}|-\.+-)[>ox]?)\s*(?:\|([^|]*)\|)?\s*/y;

/**
 * The arrows of a flowchart line: chains (`a --> b --> c`), `&` groups, text on links; the shapes'
 * texts blanked first (their offsets kept), so that a label holding `-->` is no arrow.
 */
function flowchartArrows(body: string, lineStart: number): DrawnArrow[] {
  let skeleton = body;
  for (const match of body.matchAll(/([A-Za-z0-9_])(\(\[|\[\[|\[\(|\(\(\(|\(\(|\{\{|\[\/|\[\\|\[|\(|\{|>(?=[^>\]]*\]))/g)) {
    const open = match[2];
    const from = match.index + 1 + open.length;
    const close = body.indexOf(closers[open], from);
    if (close < 0) continue;
    skeleton = skeleton.slice(0, match.index + 1) + ' '.repeat(close + closers[open].length - match.index - 1) + skeleton.slice(close + closers[open].length);
  }
  skeleton = skeleton.replace(/:::[\w-]+/g, (m) => ' '.repeat(m.length));
  const arrows: DrawnArrow[] = [];
  let at = 0;
  const group = (): { id: string; start: number; end: number }[] => {
    const ids: { id: string; start: number; end: number }[] = [];
    for (;;) {
      while (skeleton[at] === ' ') at++;
      flowchartId.lastIndex = at;
      const id = flowchartId.exec(skeleton);
      if (!id) return ids;
      ids.push({ id: id[0], start: at, end: at + id[0].length });
      at += id[0].length;
      // The shape's blanked text after the id.
      while (skeleton[at] === ' ' && /\S/.test(body[at] ?? '')) at++;
      let next = at;
      while (skeleton[next] === ' ') next++;
      if (skeleton[next] !== '&') return ids;
      at = next + 1;
    }
  };
  let previous = group();
  while (previous.length > 0 && at < skeleton.length) {
    textLink.lastIndex = at;
    plainLink.lastIndex = at;
    const text = textLink.exec(skeleton);
    const plain = text ? null : plainLink.exec(skeleton);
    const link = text ?? plain;
    if (!link) break;
    at += link[0].length;
    const label = (text ? text[2] : plain?.[2])?.trim().replace(/^"|"$/g, '');
    const next = group();
    for (const a of previous) for (const b of next) arrows.push({ from: a.id, to: b.id, ...(label ? { label } : {}), start: lineStart + a.start, end: lineStart + b.end });
    previous = next;
  }
  return arrows;
}

/** A quoted argument of a macro: its text and offset in the line. */
function quotedArgument(line: string, from: number): { text: string; at: number } | undefined {
  const match = /"([^"]*)"/.exec(line.slice(from));
  return match ? { text: match[1], at: from + match.index + 1 } : undefined;
}

/** A Mermaid C4 diagram's elements (boundaries and deployment nodes as groups). */
function c4Elements(text: string): Drawing {
  const elements: DrawnElement[] = [];
  const arrows: DrawnArrow[] = [];
  let header = { start: 0, end: 0 };
  let lastElement: Drawing['lastElement'];
  let limit: DrawingLimit | undefined = text.length > MAX_DRAWING_BYTES ? { kind: 'bytes', bound: MAX_DRAWING_BYTES } : undefined;
  let edges = 0;
  for (const { line, start } of linesOf(text)) {
    const trimmed = line.trim();
    if (/^C4(Context|Container|Component|Deployment|Dynamic)\b/.test(trimmed)) {
      header = { start: start + line.indexOf(trimmed), end: start + line.indexOf(trimmed) + trimmed.length };
      if (limit) break;
      continue;
    }
    // Past a bound, only the header is looked for (where the limit is said).
    limit ??= limitPassed(elements.length, edges);
    if (limit) {
      if (header.end > 0) break;
      continue;
    }
    const macro = /^\s*([A-Za-z_]+)\s*\(\s*([\w-]+)\s*,/.exec(line);
    if (!macro) continue;
    const keyword = macro[1];
    if (/^(Rel|BiRel|Update|Add|Lay)/.test(keyword)) {
      if (/^(Rel|BiRel)/.test(keyword)) {
        edges++;
        const relation = /^\s*(?:Bi)?Rel(?:_\w+)?\s*\(\s*([\w-]+)\s*,\s*([\w-]+)\s*(?:,\s*"([^"]*)"\s*)?(?:,\s*"([^"]*)")?/.exec(line);
        if (relation) {
          const back = /_Back\b/.test(keyword);
          const at = start + line.indexOf(keyword);
          arrows.push({ from: back ? relation[2] : relation[1], to: back ? relation[1] : relation[2], ...(relation[3] !== undefined ? { label: relation[3] } : {}), ...(relation[4] !== undefined ? { technology: relation[4] } : {}), start: at, end: start + line.trimEnd().length });
        }
      }
      continue;
    }
    const label = quotedArgument(line, macro[0].length);
    const group = /Boundary$|^Deployment_Node|^Node(_[LR])?$/.test(keyword);
    const external = /^Person/.test(keyword) || /_Ext$/.test(keyword);
    const shown = label?.text ?? macro[2];
    const at = start + (label ? label.at : line.indexOf(macro[2]));
    elements.push({ id: macro[2], label: shown, start: at, end: at + shown.length, group, external, keyword });
    if (!group) lastElement = { end: start + line.length, indent: /^\s*/.exec(line)?.[0] ?? '  ' };
  }
  limit ??= limitPassed(elements.length, edges);
  return { dialect: 'c4', elements, arrows, header, ...(lastElement ? { lastElement } : {}), ...(limit ? { limit } : {}) };
}

/** A Structurizr DSL workspace's elements: people, software systems (a group when they hold containers), containers, components, deployment and infrastructure nodes. */
export function structurizrElements(text: string): Drawing {
  const elements: DrawnElement[] = [];
  const arrows: DrawnArrow[] = [];
  let header = { start: 0, end: 0 };
  let lastElement: Drawing['lastElement'];
  let inComment = false;
  let limit: DrawingLimit | undefined = text.length > MAX_DRAWING_BYTES ? { kind: 'bytes', bound: MAX_DRAWING_BYTES } : undefined;
  let edges = 0;
  for (const { line, start } of linesOf(text)) {
    // Past a bound, only the header is looked for (where the limit is said).
    limit ??= limitPassed(elements.length, edges);
    if (limit && header.end > 0) break;
    let body = line;
    if (inComment) {
      const close = body.indexOf('*/');
      if (close < 0) continue;
      inComment = false;
      body = ' '.repeat(close + 2) + body.slice(close + 2);
    }
    if (/^\s*\/\*/.test(body) && !body.includes('*/')) {
      inComment = true;
      continue;
    }
    if (/^\s*(\/\/|#)/.test(body)) continue;
    const workspace = /^\s*workspace\b/.exec(body);
    if (workspace && header.end === 0) {
      header = { start: start + body.indexOf('workspace'), end: start + body.indexOf('workspace') + 'workspace'.length };
      continue;
    }
    if (limit) continue;
    const element = /^\s*(?:([\w.-]+)\s*=\s*)?(person|softwareSystem|softwaresystem|container|component|deploymentNode|deploymentnode|infrastructureNode|infrastructurenode)\s+"([^"]*)"/.exec(body);
    if (!element) {
      if (!body.includes('->')) continue;
      edges++;
      const relation = /^\s*(?:[\w.-]+\s*=\s*)?([\w.-]+)\s*->\s*([\w.-]+)(?:\s+"([^"]*)")?(?:\s+"([^"]*)")?/.exec(body);
      if (relation) arrows.push({ from: relation[1], to: relation[2], ...(relation[3] !== undefined ? { label: relation[3] } : {}), ...(relation[4] !== undefined ? { technology: relation[4] } : {}), start: start + body.indexOf(relation[1]), end: start + body.trimEnd().length });
      continue;
    }
    const keyword = element[2].toLowerCase();
    const name = element[3];
    const at = start + body.indexOf(`"${name}"`, element[0].length - name.length - 2) + 1;
    const tags = [...body.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join(',');
    const opens = /\{\s*$/.test(body);
    const group = keyword === 'deploymentnode' || (keyword === 'softwaresystem' && opens);
    const external = keyword === 'person' || /\bexternal\b/i.test(tags) || (keyword === 'softwaresystem' && !opens);
    elements.push({ id: element[1] ?? name, label: name, start: at, end: at + name.length, group, external, keyword });
    if (keyword === 'container') lastElement = { end: start + line.length, indent: /^\s*/.exec(line)?.[0] ?? '      ' };
  }
  limit ??= limitPassed(elements.length, edges);
  return { dialect: 'structurizr', elements, arrows, header, ...(lastElement ? { lastElement } : {}), ...(limit ? { limit } : {}) };
}

/** The elements of a Mermaid diagram, if it is a flowchart or a C4 diagram. */
export function mermaidElements(text: string): Drawing | undefined {
  const dialect = dialectOf(text);
  return dialect === 'flowchart' ? flowchartElements(text) : dialect === 'c4' ? c4Elements(text) : undefined;
}
