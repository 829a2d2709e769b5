/**
 * A column's verdict (issue #65): the kinds of personal data it holds, from its header and the share
 * of its sampled ROWS whose value is of that kind — not the share of the detections, which made
 * Presidio's tabular analyser call a column of order ids a card column when one id in ten passes
 * Luhn. A header that names the kind needs half the rows to agree; with no header saying so, a kind
 * needs most rows (STRONG_SHARE), and a header naming an identifier, a version or a time stamp
 * rules the personal kinds out.
 */
import { freeTextCounts, isTextColumn, namesFreeText, type FreeTextKind } from './freeText';
import { headerContext, type HeaderContext, type HeaderKind } from './headers';
import { isBirthDate, isDinersLength, isNameShaped, valueKinds, type CompanyId, type ValueKind } from './values';

/** A kind of personal data a column or value holds (`dob` a date of birth, `person` a name). */
export type PiiKind = HeaderKind;

/** The fideslang data category of each kind (schemas/fideslang/taxonomy.json). */
export const CATEGORY_OF: Readonly<Record<PiiKind, string>> = {
  email: 'user.contact.email',
  phone: 'user.contact.phone_number',
  iban: 'user.financial.bank_account',
  card: 'user.financial.credit_card',
  nir: 'user.government_id.national_identification_number',
  ip: 'user.device.ip_address',
  dob: 'user.demographic.date_of_birth',
  address: 'user.contact.address',
  person: 'user.name',
};

/** With its header on its side, a kind needs this share of the sampled rows. */
export const HINTED_SHARE = 0.5;
/** A name or a date of birth, whose values alone say little: this share of the rows must look like one. */
export const SHAPED_SHARE = 0.8;
/** With nothing in the header, a kind needs this share of the sampled rows. */
export const STRONG_SHARE = 0.8;

/** The order in which one value's kinds are preferred: a SIRET before a card, a phone before a SIREN. */
const PREFERENCE: readonly ValueKind[] = ['email', 'iban', 'nir', 'siret', 'card', 'ip', 'phone', 'siren', 'date', 'address', 'person'];
const COMPANY_IDS: readonly CompanyId[] = ['siret', 'siren'];
const isCompanyId = (kind: ValueKind): kind is CompanyId => (COMPANY_IDS as readonly ValueKind[]).includes(kind);

export interface ColumnVerdict {
  /** The kind found, or undefined (no personal data found). */
  kind?: PiiKind;
  /** Its fideslang categories (empty when none). */
  categories: string[];
  /** Sampled rows with a value. */
  rows: number;
  /** Of them, the rows whose value is of `kind` (0 with no kind). */
  matching: number;
  /** Whether the header named the kind. */
  byHeader: boolean;
  /** A column of company identifiers (SIRET, SIREN): no personal data, and never a card column. */
  identifier?: CompanyId;
  /** Free text (`comment`, `notes`): its categories are the kinds found among its words; `matching` the rows holding one. */
  freeText?: true;
}

/** In free text, an e-mail or a phone in one row is enough (their checks are strict); a name needs two rows. */
const FREE_TEXT_MIN_ROWS: Readonly<Record<FreeTextKind, number>> = { email: 1, phone: 1, card: 1, iban: 1, nir: 1, person: 2 };

/** The fideslang category of a kind, a name's part when the header says which. */
export function categoryOf(kind: PiiKind, context?: HeaderContext): string {
  if (kind === 'person' && context?.namePart) return `user.name.${context.namePart}`;
  return CATEGORY_OF[kind];
}

/** Whether a value is of `kind`, given what its header says (`thisYear` bounds a date of birth). */
function valueIs(kind: PiiKind, kinds: readonly ValueKind[], value: string, thisYear: number, hinted: boolean): boolean {
  if (kind === 'dob') return isBirthDate(value.trim(), thisYear);
  if (kind === 'person') return hinted ? isNameShaped(value.trim()) : kinds.includes('person');
  return kinds.includes(kind);
}

/** The verdict on a column: its header and its sampled values (empty cells are not rows with a value). */
export function columnVerdict(header: string, values: readonly string[], thisYear: number): ColumnVerdict {
  const context = headerContext(header);
  const present = values.filter((v) => v.trim() !== '');
  const rows = present.length;
  const none: ColumnVerdict = { categories: [], rows, matching: 0, byHeader: false };
  if (rows === 0) return none;
  const kinds = present.map((v) => valueKinds(v));
  const count = (kind: PiiKind, hinted: boolean) => present.reduce((n, v, i) => n + (valueIs(kind, kinds[i], v, thisYear, hinted) ? 1 : 0), 0);
  // Company identifiers first: a column most of whose rows are SIRETs is a SIRET column, whatever its
  // header says and whatever share of them a card's checks accept (14-digit Diners numbers pass Luhn
  // too, but only one in ten of them has a SIREN's key as well).
  for (const id of COMPANY_IDS) {
    const matching = kinds.reduce((n, k) => n + (k.includes(id) ? 1 : 0), 0);
    if (matching >= STRONG_SHARE * rows) return { ...none, matching, identifier: id };
  }
  if (context.hint) {
    const matching = count(context.hint, true);
    const needed = context.hint === 'person' || context.hint === 'dob' ? SHAPED_SHARE : HINTED_SHARE;
    if (matching >= needed * rows) return { kind: context.hint, categories: [categoryOf(context.hint, context)], rows, matching, byHeader: true };
  }
  if (context.veto) return none;
  // No header to say so: the kind most rows are, when it is most of them (a date is not personal by itself).
  let best: { kind: PiiKind; matching: number } | undefined;
  for (const kind of PREFERENCE) {
    if (kind === 'date' || isCompanyId(kind)) continue;
    const matching = count(kind, false);
    if (matching >= STRONG_SHARE * rows && (!best || matching > best.matching)) best = { kind, matching };
  }
  if (best) return { kind: best.kind, categories: [categoryOf(best.kind, context)], rows, matching: best.matching, byHeader: false };
  // Free text under any header (issue #95): a column named so, or one whose rows are sentences; a name is looked for
  // only where the header names free text (a title or a label holds capitalised pairs that are no one).
  const named = namesFreeText(header);
  return named || isTextColumn(present) ? freeTextVerdict(present, none, named) : none;
}

/** A free-text column's verdict: the categories of the kinds its rows hold among their words. */
function freeTextVerdict(present: readonly string[], none: ColumnVerdict, persons: boolean): ColumnVerdict {
  const counts = freeTextCounts(present);
  const kinds = (['email', 'phone', 'card', 'iban', 'nir', 'person'] as const).filter((k) => (k !== 'person' || persons) && (counts.get(k) ?? 0) >= FREE_TEXT_MIN_ROWS[k]);
  if (kinds.length === 0) return none;
  return { ...none, categories: kinds.map((k) => CATEGORY_OF[k]), matching: Math.max(...kinds.map((k) => counts.get(k) ?? 0)), freeText: true };
}

/**
 * The kind of one value under a header (`''`: none), as a column of that one value would be judged
 * but for the shares: what the labelled sets measure (server/test/fixtures/pii). `date` is a date
 * that is not a date of birth; `none`, no kind.
 */
export function valueVerdict(value: string, header: string, thisYear: number): PiiKind | CompanyId | 'date' | 'none' {
  const context = headerContext(header);
  const trimmed = value.trim();
  const kinds = valueKinds(trimmed);
  if (context.hint && valueIs(context.hint, kinds, trimmed, thisYear, true)) return context.hint;
  const first = PREFERENCE.find((kind) => kinds.includes(kind));
  // Alone, a value both a SIRET and a 14-digit Diners number is the card (Diners' own length).
  if (first === 'siret' && kinds.includes('card') && isDinersLength(trimmed)) return 'card';
  if (first === 'date' || (first && isCompanyId(first))) return first;
  if (!first || context.veto) return 'none';
  return first;
}
