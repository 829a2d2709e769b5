/**
 * Personal data inside free text (issue #78): the e-mail addresses, phone numbers and people's names
 * a `comment` or `notes` column holds among its words. Bounded: at most FREE_TEXT_ROWS sampled rows,
 * the first FREE_TEXT_CHARS characters of each; read word by word with the value checks of values.ts
 * (an address's or a phone's checks on a run of words, never a pattern over the whole text).
 */
import { headerWords } from './headers';
import { isCivility, isEmail, isFirstName, isIp, isPhone, isSurname, parseDate } from './values';

/** Rows of a column read as free text, and characters of each. */
const FREE_TEXT_ROWS = 200;
const FREE_TEXT_CHARS = 2000;

/** Headers that name free text, in English and French. */
const FREE_TEXT_WORDS = new Set(['comment', 'comments', 'commentaire', 'commentaires', 'note', 'notes', 'remarque', 'remarques', 'observation', 'observations', 'description', 'message', 'body', 'text', 'texte', 'details', 'memo', 'feedback', 'avis']);

export type FreeTextKind = 'email' | 'phone' | 'person';

/** Punctuation around a word: `(jean@example.org),` → `jean@example.org`. */
const OPENING = new Set(['(', '"', "'", '<', '[', '{', '«', '“']);
const CLOSING = new Set([')', '"', "'", '>', ']', '}', '»', '”', '.', ',', ';', ':', '!', '?']);
function trimmed(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && OPENING.has(word[start])) start++;
  while (end > start && CLOSING.has(word[end - 1])) end--;
  return word.slice(start, end);
}
const PHONE_PIECE = /^[+(]?[\d().-]+$/;
const CAPITALISED = /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u;
/** A surname written in capitals, as French forms and letters write it (`DUPONT`, `LE-GALL`). */
const UPPER_CASE = /^\p{Lu}[\p{Lu}'’-]+$/u;

/**
 * Whether the words from `i` start a person's name: a known first name then a capitalised word
 * (`Jean Dupont`, `Maëlys Girard`) or a surname in capitals (`Jean DUPONT`); a surname in capitals
 * then a first name (« NOM Prénom »: `DUPONT Jean`); a civility then a surname (`Mme Dupont`,
 * `M. MARTIN`). INSEE's surnames hold common words: one is a name only in one of these contexts.
 */
function startsName(words: readonly string[], i: number): boolean {
  if (i + 1 >= words.length) return false;
  const [word, next] = [words[i], words[i + 1]];
  if (CAPITALISED.test(word) && isFirstName(word)) return CAPITALISED.test(next) || (UPPER_CASE.test(next) && isSurname(next));
  if (UPPER_CASE.test(word) && CAPITALISED.test(next)) return isFirstName(next) && isSurname(word);
  return isCivility(word) && (CAPITALISED.test(next) || UPPER_CASE.test(next)) && isSurname(next);
}

/** The kinds of personal data one text holds. */
function freeTextKinds(text: string): Set<FreeTextKind> {
  const found = new Set<FreeTextKind>();
  const words = text.slice(0, FREE_TEXT_CHARS).split(/\s+/).map(trimmed).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.includes('@') && isEmail(word)) found.add('email');
    // A phone: the longest run of digit groups from here (at most six words), as values.ts judges a cell.
    if (PHONE_PIECE.test(word) && /\d/.test(word)) {
      let end = i;
      while (end + 1 < words.length && end - i < 5 && PHONE_PIECE.test(words[end + 1])) end++;
      const run = words.slice(i, end + 1).join(' ');
      // `2024-03-01` and `10.0.0.1` are digit groups too: a date or an address is no phone, as in a cell.
      if (!parseDate(run) && !isIp(run) && isPhone(run)) found.add('phone');
      i = end;
      continue;
    }
    if (startsName(words, i)) found.add('person');
  }
  return found;
}

/** Whether a header names free text (`comment`, `customer_notes`, `commentaire_client`). */
export const namesFreeText = (header: string): boolean => headerWords(header).some((w) => FREE_TEXT_WORDS.has(w));

/** Of a free-text column's rows (the first FREE_TEXT_ROWS), how many hold each kind. */
export function freeTextCounts(values: readonly string[]): Map<FreeTextKind, number> {
  const counts = new Map<FreeTextKind, number>();
  for (const value of values.slice(0, FREE_TEXT_ROWS)) for (const kind of freeTextKinds(value)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}
