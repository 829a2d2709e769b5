import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { IndexedFile } from '../workspace/index';
import { entries, entry, spanOf, stringOf, type Span } from '../yaml/mapping';
import { defaultScheme, isEmptyCell, isSchemeName, letterSeparators, lookAlike, schemes, type RaciScheme } from './schemes';
import { RACI_NAME } from './files';

/** One character of a cell, where it is, and what it stands for. */
export interface LetterToken {
  char: string;
  span: Span;
  /** The scheme letter it counts as: itself, the Latin letter it imitates, or its capital. */
  normalized?: string;
  problem?: 'look-alike' | 'lowercase' | 'unknown';
}

/** One role's letters for one activity (`cdo: A`). */
export interface RaciCell {
  role: string;
  roleSpan: Span;
  /** The value's text as written; undefined when the value is not a string (a schema error). */
  value: string | undefined;
  valueSpan: Span;
  /** The value exactly as it appears in the source (with quotes), for fixes that rewrite it. */
  source: string;
  letters: LetterToken[];
}

export interface RaciRole {
  id: string;
  name?: string;
  idSpan: Span;
  /** The whole role entry. */
  span: Span;
}

export interface RaciActivity {
  id?: string;
  idSpan?: Span;
  group?: string;
  activity?: string;
  span: Span;
  /** The `raci` key, where activity-level problems (no A, no R) point when there is no id. */
  raciKeySpan?: Span;
  /** Whether `raci` is a mapping; when it is not, the schema says so and the letter rules stay quiet. */
  hasCells: boolean;
  cells: RaciCell[];
}

export interface RaciModel {
  uri: string;
  scheme: RaciScheme;
  schemeSpan?: Span;
  title?: string;
  roles: RaciRole[];
  activities: RaciActivity[];
  /** The parsed document, its plain value and its chunk offset, for schema validation. */
  doc: Document.Parsed;
  value: unknown;
  docOffset: number;
}

const raciPath = RACI_NAME;

/**
 * A RACI file: named `*.raci.yaml`, or any YAML whose first document says `kind: raci` (and is not
 * Kubernetes). Decided from the plain value, so other YAML files never pay for an AST.
 */
export function isRaciFile(file: IndexedFile): boolean {
  if (!file.isYaml) return false;
  if (raciPath.test(file.uri)) return true;
  return firstDocumentKind(file) === 'raci';
}

/** The `kind` of a file's first document when it is not a Kubernetes object (no `apiVersion`). */
export function firstDocumentKind(file: IndexedFile): string | undefined {
  const value = file.yaml?.chunks[0]?.chunk.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  return typeof record.kind === 'string' && record.apiVersion === undefined ? record.kind : undefined;
}

/** The first document of a file with its AST and chunk offset (the AST of that chunk only). */
export function firstDocument(file: IndexedFile): { doc: Document.Parsed; offset: number; value: unknown } | undefined {
  const first = file.yaml?.chunks[0];
  const doc = first?.chunk.doc;
  return first && doc ? { doc, offset: first.offset, value: first.chunk.value } : undefined;
}

/** Splits a cell into its letters, with exact source offsets when the scalar is written as-is. */
function tokenize(value: string, node: Node, base: number, text: string, scheme: RaciScheme): LetterToken[] {
  if (isEmptyCell(value)) return [];
  const span = spanOf(node, base)!;
  const source = text.slice(span.start, span.end);
  const quoted = /^["']/.test(source);
  const inner = quoted ? source.slice(1, -1) : source;
  const exact = inner === value;
  const tokens: LetterToken[] = [];
  let offset = span.start + (quoted ? 1 : 0);
  for (const char of value) {
    const here = exact ? { start: offset, end: offset + char.length } : span;
    offset += char.length;
    if (letterSeparators.test(char)) continue;
    const token: LetterToken = { char, span: here };
    const upper = char.toUpperCase();
    if (Object.hasOwn(scheme.letters, char)) token.normalized = char;
    else if (lookAlike(char)) {
      token.problem = 'look-alike';
      token.normalized = lookAlike(char)!.latin;
    } else if (char !== upper && Object.hasOwn(scheme.letters, upper)) {
      token.problem = 'lowercase';
      token.normalized = upper;
    } else token.problem = 'unknown';
    tokens.push(token);
  }
  return tokens;
}

function buildModel(file: IndexedFile): RaciModel | undefined {
  if (!isRaciFile(file)) return undefined;
  const ref = firstDocument(file);
  if (!ref) return undefined;
  const { doc, offset: base } = ref;
  const root = doc.contents;
  const schemeEntry = entry(root, 'scheme');
  const schemeName = stringOf(schemeEntry?.value);
  const scheme = schemes[isSchemeName(schemeName) ? schemeName : defaultScheme];
  const model: RaciModel = {
    uri: file.uri,
    scheme,
    schemeSpan: spanOf(schemeEntry?.value, base),
    title: stringOf(entry(root, 'title')?.value),
    roles: [],
    activities: [],
    doc,
    value: ref.value,
    docOffset: base,
  };
  const roles = entry(root, 'roles')?.value;
  if (isSeq(roles)) {
    for (const item of roles.items as (Node | null)[]) {
      const idNode = entry(item, 'id')?.value;
      const id = stringOf(idNode);
      if (id === undefined || !isMap(item)) continue;
      model.roles.push({ id, name: stringOf(entry(item, 'name')?.value), idSpan: spanOf(idNode, base)!, span: spanOf(item, base)! });
    }
  }
  const activities = entry(root, 'activities')?.value;
  if (isSeq(activities)) {
    for (const item of activities.items as (Node | null)[]) {
      if (!isMap(item)) continue;
      const idNode = entry(item, 'id')?.value;
      const raci = entry(item, 'raci');
      const activity: RaciActivity = {
        id: stringOf(idNode),
        idSpan: stringOf(idNode) !== undefined ? spanOf(idNode, base) : undefined,
        group: stringOf(entry(item, 'group')?.value),
        activity: stringOf(entry(item, 'activity')?.value),
        span: spanOf(item, base)!,
        raciKeySpan: spanOf(raci?.key, base),
        hasCells: isMap(raci?.value),
        cells: [],
      };
      for (const cell of entries(raci?.value)) {
        const valueSpan = spanOf(cell.value, base) ?? spanOf(cell.key, base)!;
        const value = isScalar(cell.value) && typeof cell.value.value === 'string' ? cell.value.value : undefined;
        activity.cells.push({
          role: cell.name,
          roleSpan: spanOf(cell.key, base)!,
          value,
          valueSpan,
          source: file.text.slice(valueSpan.start, valueSpan.end),
          letters: value !== undefined && cell.value ? tokenize(value, cell.value, base, file.text, scheme) : [],
        });
      }
      model.activities.push(activity);
    }
  }
  return model;
}

const modelKey = Symbol('raci-model');

/** The RACI model of a file version (cached), or undefined when the file is not a RACI file. */
export function raciModel(file: IndexedFile): RaciModel | undefined {
  return file.model(modelKey, buildModel);
}

/** The scheme letters a cell counts as (look-alikes and lowercase mapped), each once. */
export function cellLetters(cell: RaciCell): Set<string> {
  return new Set(cell.letters.flatMap((t) => (t.normalized ? [t.normalized] : [])));
}

export interface RoleLoad {
  /** Activities per letter held by the role. */
  letters: Record<string, number>;
  /** Activities where the role is accountable or responsible. */
  accountableOrResponsible: number;
  activities: number;
}

/** How many activities a role holds each letter on, and its A/R share. */
export function roleLoad(model: RaciModel, role: string): RoleLoad {
  const load: RoleLoad = { letters: {}, accountableOrResponsible: 0, activities: model.activities.length };
  for (const activity of model.activities) {
    const held = new Set<string>();
    for (const cell of activity.cells) if (cell.role === role) for (const letter of cellLetters(cell)) held.add(letter);
    for (const letter of held) load.letters[letter] = (load.letters[letter] ?? 0) + 1;
    if (held.has(model.scheme.accountable) || held.has(model.scheme.responsible)) load.accountableOrResponsible++;
  }
  return load;
}
