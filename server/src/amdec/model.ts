import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { firstDocument, firstDocumentKind } from '../raci/api';
import type { IndexedFile } from '../workspace/index';
import { aliasedEntry, entry, spanOf, stringOf, valueOrKeySpan, type Entry, type Span } from '../yaml/mapping';
import { actionPriority, isApRating, type ActionPriority } from './priority';
import { t } from '../l10n/t';
import { AMDEC_NAME } from './files';

export type Criterion = 'severity' | 'occurrence' | 'detection';
export type Method = 'rpn' | 'criticite' | 'aiag-vda-2019';

export const criteria: readonly Criterion[] = ['severity', 'occurrence', 'detection'];

/** Every spelling of a field: English first, then the French names practitioners use. */
export const fieldNames = {
  severity: ['severity', 'gravite', 'gravité'],
  occurrence: ['occurrence', 'frequence', 'fréquence'],
  detection: ['detection', 'non_detection', 'non_détection'],
  score: ['rpn', 'criticite', 'criticité'],
  owner: ['owner', 'responsable'],
  due: ['due', 'echeance', 'échéance'],
} as const;

/** The letter each criterion goes by in each tradition (S/O/D in FMEA, G/F/D in French AMDEC). */
export const criterionLetter: Record<'english' | 'french', Record<Criterion, string>> = {
  english: { severity: 'S', occurrence: 'O', detection: 'D' },
  french: { severity: 'G', occurrence: 'F', detection: 'D' },
};

/** The letters to explain a block of ratings with: as its keys are spelt, else as the file mostly spells them. */
export function lettersFor(model: AmdecModel, ratings: Ratings): Record<Criterion, string> {
  const named = criteria.map((c) => ratings[c]?.name).filter((n): n is string => !!n);
  const french = named.length > 0 ? named.some((n) => !(criteria as readonly string[]).includes(n)) : model.french;
  return french ? criterionLetter.french : criterionLetter.english;
}

export interface Field<T> {
  /** The key as written (`severity` or `gravite`). */
  name: string;
  value: T;
  keySpan: Span;
  valueSpan: Span;
}

/** A rating as written: `value` is set only when it is a usable integer. */
export interface Rating extends Field<unknown> {
  criterion: Criterion;
}

export interface Ratings {
  span: Span;
  severity?: Rating;
  occurrence?: Rating;
  detection?: Rating;
  /** Stored `rpn` / `criticite`. */
  score?: Field<unknown>;
  ap?: Field<unknown>;
  justification?: string;
}

export interface AmdecAction {
  id?: string;
  idSpan?: Span;
  span: Span;
  action?: string;
  owner?: Field<unknown>;
  due?: Field<unknown>;
  status?: Field<unknown>;
}

export interface AmdecRisk extends Ratings {
  id?: string;
  idSpan?: Span;
  category?: Field<unknown>;
  item?: string;
  failureMode?: string;
  effect?: string;
  cause?: string;
  actions: AmdecAction[];
  actionsKeySpan?: Span;
  revised?: Ratings & { keySpan: Span };
}

/** Two spellings of one field in the same mapping (`severity` and `gravite`). */
export interface AliasConflict {
  span: Span;
  first: string;
  second: string;
}

export interface AmdecModel {
  uri: string;
  kind: string;
  /** What the analysis covers (`title:`). */
  title?: string;
  method: Method;
  methodSpan?: Span;
  scales: Record<Criterion, [number, number]>;
  /** Whether the file spells scales and ratings the French way (G, F, D). */
  french: boolean;
  threshold?: Field<number>;
  raci?: Field<string>;
  risks: AmdecRisk[];
  conflicts: AliasConflict[];
  doc: Document.Parsed;
  value: unknown;
  docOffset: number;
}

const amdecPath = AMDEC_NAME;

/**
 * A text that may spell the kind: `amdec` or `fmea` in any case, or a double-quoted escape (`\x61`, `\u0061`,
 * `\U…`) or escaped line break that could spell it. A repository's other YAML files (rule files, manifests)
 * are not parsed to ask.
 */
const mayNameKind = /amdec|fmea|\\[xu]|\\\r?\n/i;

/** An AMDEC/FMEA file: named `*.amdec.yaml` / `*.fmea.yaml`, or whose first document says `kind: amdec|fmea`. */
export function isAmdecFile(file: IndexedFile): boolean {
  if (!file.isYaml) return false;
  if (amdecPath.test(file.uri)) return true;
  if (!mayNameKind.test(file.text)) return false;
  const kind = firstDocumentKind(file);
  return kind === 'amdec' || kind === 'fmea';
}

function field(e: Entry, base: number): Field<unknown> {
  const value = isScalar(e.value) ? e.value.value : e.value === null ? null : (e.value.toJSON() as unknown);
  return { name: e.name, value, keySpan: spanOf(e.key, base)!, valueSpan: valueOrKeySpan(e, base) };
}

class Reader {
  readonly conflicts: AliasConflict[] = [];
  constructor(private readonly base: number) {}

  /** The entry under any spelling of a field; a second spelling is recorded as a conflict. */
  entry(node: Node | null, names: readonly string[]): Entry | undefined {
    const { entry: found, duplicates } = aliasedEntry(node, names);
    for (const duplicate of duplicates) this.conflicts.push({ span: spanOf(duplicate.key, this.base)!, first: found!.name, second: duplicate.name });
    return found;
  }

  field(node: Node | null, names: readonly string[]): Field<unknown> | undefined {
    const found = this.entry(node, names);
    return found ? field(found, this.base) : undefined;
  }

  ratings(node: Node, span: Span): Ratings {
    const ratings: Ratings = { span };
    for (const criterion of criteria) {
      const found = this.field(node, fieldNames[criterion]);
      if (found) ratings[criterion] = { ...found, criterion };
    }
    ratings.score = this.field(node, fieldNames.score);
    ratings.ap = this.field(node, ['ap']);
    ratings.justification = stringOf(entry(node, 'justification')?.value);
    return ratings;
  }
}

function scaleOf(node: Node | null | undefined): [number, number] | undefined {
  if (!isSeq(node) || node.items.length !== 2) return undefined;
  const [low, high] = node.items.map((n) => (isScalar(n) && typeof n.value === 'number' ? n.value : NaN));
  return Number.isInteger(low) && Number.isInteger(high) && low >= 1 && low < high ? [low, high] : undefined;
}

function methodOf(value: string | undefined): Method {
  if (value === 'criticite' || value === 'criticité') return 'criticite';
  if (value === 'aiag-vda-2019') return 'aiag-vda-2019';
  return 'rpn';
}

function buildModel(file: IndexedFile): AmdecModel | undefined {
  if (!isAmdecFile(file)) return undefined;
  const ref = firstDocument(file);
  if (!ref) return undefined;
  const { doc, offset: base } = ref;
  const root = doc.contents;
  const read = new Reader(base);
  const methodEntry = entry(root, 'method');
  const scalesNode = entry(root, 'scales')?.value ?? null;
  const scales = {} as Record<Criterion, [number, number]>;
  for (const criterion of criteria) scales[criterion] = scaleOf(read.entry(scalesNode, fieldNames[criterion])?.value) ?? [1, 10];
  const thresholdEntry = entry(root, 'threshold');
  const raciEntry = entry(root, 'raci');
  const model: AmdecModel = {
    uri: file.uri,
    kind: stringOf(entry(root, 'kind')?.value) ?? 'amdec',
    title: stringOf(entry(root, 'title')?.value),
    method: methodOf(stringOf(methodEntry?.value)),
    methodSpan: spanOf(methodEntry?.value, base),
    scales,
    french: false,
    threshold: undefined,
    raci: undefined,
    risks: [],
    conflicts: read.conflicts,
    doc,
    value: ref.value,
    docOffset: base,
  };
  if (thresholdEntry && isScalar(thresholdEntry.value) && typeof thresholdEntry.value.value === 'number') {
    model.threshold = { ...field(thresholdEntry, base), value: thresholdEntry.value.value };
  }
  const raciPath = stringOf(raciEntry?.value);
  if (raciEntry && raciPath) model.raci = { ...field(raciEntry, base), value: raciPath };

  const risks = entry(root, 'risks')?.value;
  let frenchNames = 0;
  let englishNames = 0;
  if (isSeq(risks)) {
    for (const item of risks.items as (Node | null)[]) {
      if (!isMap(item)) continue;
      const span = spanOf(item, base)!;
      const idNode = entry(item, 'id')?.value;
      const risk: AmdecRisk = {
        ...read.ratings(item, span),
        id: stringOf(idNode),
        idSpan: stringOf(idNode) !== undefined ? spanOf(idNode, base) : undefined,
        category: read.field(item, ['category']),
        item: stringOf(entry(item, 'item')?.value),
        failureMode: stringOf(entry(item, 'failure_mode')?.value),
        effect: stringOf(entry(item, 'effect')?.value),
        cause: stringOf(entry(item, 'cause')?.value),
        actions: [],
      };
      for (const criterion of criteria) {
        const name = risk[criterion]?.name;
        if (name && name !== criterion) frenchNames++;
        else if (name) englishNames++;
      }
      const actionsEntry = entry(item, 'actions');
      risk.actionsKeySpan = spanOf(actionsEntry?.key, base);
      if (isSeq(actionsEntry?.value)) {
        for (const actionNode of actionsEntry.value.items as (Node | null)[]) {
          if (!isMap(actionNode)) continue;
          const actionId = entry(actionNode, 'id')?.value;
          risk.actions.push({
            id: stringOf(actionId),
            idSpan: stringOf(actionId) !== undefined ? spanOf(actionId, base) : undefined,
            span: spanOf(actionNode, base)!,
            action: stringOf(entry(actionNode, 'action')?.value),
            owner: read.field(actionNode, fieldNames.owner),
            due: read.field(actionNode, fieldNames.due),
            status: read.field(actionNode, ['status']),
          });
        }
      }
      const revisedEntry = entry(item, 'revised');
      if (revisedEntry && isMap(revisedEntry.value)) {
        risk.revised = { ...read.ratings(revisedEntry.value, spanOf(revisedEntry.value, base)!), keySpan: spanOf(revisedEntry.key, base)! };
      }
      model.risks.push(risk);
    }
  }
  model.french = model.method === 'criticite' || frenchNames > englishNames;
  return model;
}

const modelKey = Symbol('amdec-model');

/** The AMDEC model of a file version (cached), or undefined when the file is not an AMDEC/FMEA file. */
export function amdecModel(file: IndexedFile): AmdecModel | undefined {
  return file.model(modelKey, buildModel);
}

/** A rating's value when it is an integer within its scale; undefined otherwise (reported elsewhere). */
export function ratingValue(model: AmdecModel, rating: Rating | undefined): number | undefined {
  const value = rating?.value;
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  const [low, high] = model.scales[rating!.criterion];
  return value >= low && value <= high ? value : undefined;
}

export interface Score {
  s: number;
  o: number;
  d: number;
  /** S × O × D (the RPN, or the criticité F × G × D). */
  product: number;
  /** The Action Priority, when the ratings are on 1–10 scales. */
  ap?: ActionPriority;
}

/** The score of a set of ratings, when all three are valid. */
export function scoreOf(model: AmdecModel, ratings: Ratings | undefined): Score | undefined {
  if (!ratings) return undefined;
  const s = ratingValue(model, ratings.severity);
  const o = ratingValue(model, ratings.occurrence);
  const d = ratingValue(model, ratings.detection);
  if (s === undefined || o === undefined || d === undefined) return undefined;
  const tenPoint = criteria.every((c) => model.scales[c][0] === 1 && model.scales[c][1] === 10);
  return { s, o, d, product: s * o * d, ap: tenPoint && isApRating(s) && isApRating(o) && isApRating(d) ? actionPriority(s, o, d) : undefined };
}

/** Whether the risk is at or above the action threshold (or AP H with aiag-vda-2019). */
export function needsTreatment(model: AmdecModel, score: Score | undefined): boolean {
  if (!score) return false;
  if (model.method === 'aiag-vda-2019') return score.ap === 'H';
  return model.threshold !== undefined && score.product >= model.threshold.value;
}

/** "RPN", "criticité" or "AP": what the method calls its score. */
export function scoreName(model: AmdecModel): string {
  return model.method === 'aiag-vda-2019' ? 'AP' : model.method === 'criticite' ? 'criticité' : 'RPN';
}

/** The score as the method shows it: "RPN 210", "criticité 210", "AP H". */
export function scoreLabel(model: AmdecModel, score: Score): string {
  if (model.method === 'aiag-vda-2019') return score.ap ? `AP ${score.ap}` : `AP ?`;
  return `${scoreName(model)} ${score.product}`;
}

/** A band for the score: above/below threshold, or the AP level. */
export function band(model: AmdecModel, score: Score): string {
  if (model.method === 'aiag-vda-2019') return score.ap === 'H' ? t('high') : score.ap === 'M' ? t('medium') : score.ap === 'L' ? t('low') : t('unknown');
  if (model.threshold === undefined) return t('no threshold');
  return score.product >= model.threshold.value ? t('at or above threshold') : t('below threshold');
}

export const actionStatuses = ['open', 'in-progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export function isOpenStatus(status: unknown): boolean {
  return status === 'open' || status === 'in-progress';
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** An open or in-progress action whose due date (YYYY-MM-DD) is before `today`. */
export function isOverdue(action: AmdecAction, today: string): boolean {
  const due = action.due?.value;
  return isOpenStatus(action.status?.value) && typeof due === 'string' && isoDate.test(due) && !Number.isNaN(Date.parse(due)) && due < today;
}
