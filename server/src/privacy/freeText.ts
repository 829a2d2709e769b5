/**
 * Personal data inside free text (issue #78): the e-mail addresses, phone numbers and people's names
 * a `comment` or `notes` column holds among its words. Bounded: at most FREE_TEXT_ROWS sampled rows,
 * the first FREE_TEXT_CHARS characters of each; read word by word with the value checks of values.ts
 * (an address's or a phone's checks on a run of words, never a pattern over the whole text).
 */
import { headerWords } from './headers';
import { placeWordsAt } from './places';
import { folded, isCardNumber, isCivility, isEmail, isFirstName, isIban, isIp, isNir, isPhone, isSurname, isWrittenPhone, parseDate } from './values';

/** Rows of a column read as free text, and characters of each. */
const FREE_TEXT_ROWS = 200;
const FREE_TEXT_CHARS = 2000;

/** Headers that name free text, in English and French. */
const FREE_TEXT_WORDS = new Set(['comment', 'comments', 'commentaire', 'commentaires', 'note', 'notes', 'remarque', 'remarques', 'observation', 'observations', 'description', 'message', 'body', 'text', 'texte', 'details', 'memo', 'feedback', 'avis']);

export type FreeTextKind = 'email' | 'phone' | 'card' | 'iban' | 'nir' | 'person';

/** Punctuation around a word: `(jean@example.org),` → `jean@example.org`. */
const OPENING = new Set(['(', '"', "'", '<', '[', '{', '«', '“', '#']);
const CLOSING = new Set([')', '"', "'", '>', ']', '}', '»', '”', '.', ',', ';', ':', '!', '?']);
function trimmed(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && OPENING.has(word[start])) start++;
  // `n°4111111111111111`, `Nº12`: the number after its sign.
  if (/^[nN][°º]./.test(word.slice(start))) start += 2;
  while (end > start && CLOSING.has(word[end - 1])) end--;
  return word.slice(start, end);
}
const PHONE_PIECE = /^[+(]?[\d().-]+$/;
const CAPITALISED_START = /^\p{Lu}/u;
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
  // A place named after a person (`rue Victor Hugo`, `lycée Jean Moulin`, `Saint Jean`): a place, not a person (issue #95).
  if (i > 0 && PLACE_WORDS.has(words[i - 1].toLowerCase())) return false;
  const [word, next] = [words[i], words[i + 1]];
  if (CAPITALISED.test(word) && isFirstName(word)) return CAPITALISED.test(next) || (UPPER_CASE.test(next) && isSurname(next));
  if (UPPER_CASE.test(word) && CAPITALISED.test(next)) return isFirstName(next) && isSurname(word);
  return isCivility(word) && (CAPITALISED.test(next) || UPPER_CASE.test(next)) && isSurname(next);
}

/** Words that make the name after them a place's (a street, a school, a station), in French and English. */
const PLACE_WORDS = new Set(['rue', 'avenue', 'av', 'boulevard', 'bd', 'place', 'pl', 'allée', 'allee', 'quai', 'impasse', 'chemin', 'square', 'cours', 'route', 'passage', 'esplanade', 'parc', 'pont', 'gare', 'station', 'métro', 'metro', 'lycée', 'lycee', 'collège', 'college', 'école', 'ecole', 'université', 'universite', 'hôpital', 'hopital', 'clinique', 'stade', 'musée', 'musee', 'centre', 'saint', 'sainte', 'st', 'ste', 'street', 'st.', 'road', 'lane', 'drive', 'boulevard', 'school', 'hospital', 'airport', 'aéroport', 'aeroport']);

/** An IBAN's first group (`FR76`, `FR7630006000…`): two letters, two digits; upper case, or all lower case as a cell may be. */
const IBAN_START = /^[A-Za-z]{2}\d{2}[A-Za-z0-9]*$/;
const IBAN_GROUP = /^[A-Za-z0-9]{1,4}$/;
const ibanIn = (run: string): boolean => (run === run.toUpperCase() || run === run.toLowerCase()) && isIban(run.toUpperCase());

/** Words that announce a phone number (`tél. 12 34 56 78`, `call 555 0132`): digit groups after one are a phone. */
const PHONE_WORDS = new Set(['tel', 'telephone', 'phone', 'mobile', 'portable', 'fax', 'gsm', 'cell', 'appeler', 'rappeler', 'joindre', 'call', 'contact']);

/**
 * The words of a text: split at white space, and at a colon glued to what follows (`IBAN:FR76…`,
 * `tel:0612345678`), punctuation around each trimmed. NFC first: an accent typed as a combining mark is its letter.
 */
const wordsOf = (text: string): string[] => text.slice(0, FREE_TEXT_CHARS).normalize('NFC').split(/\s+|:(?=\S)/).map(trimmed).filter(Boolean);

/** The kinds of personal data one text holds. */
function freeTextKinds(text: string): Set<FreeTextKind> {
  const found = new Set<FreeTextKind>();
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.includes('@') && isEmail(word)) found.add('email');
    // An IBAN, whole or in groups of four (`FR76 3000 6000 0112 3456 7890 189`): its layout and mod-97 check (values.ts).
    if (IBAN_START.test(word)) {
      let end = i;
      while (end + 1 < words.length && end - i < 8 && IBAN_GROUP.test(words[end + 1])) end++;
      let last = end;
      while (last >= i && !ibanIn(words.slice(i, last + 1).join(' '))) last--;
      if (last >= i) {
        found.add('iban');
        i = last;
        continue;
      }
    }
    // A phone: the longest run of digit groups from here (at most six words), as values.ts judges a cell.
    if (PHONE_PIECE.test(word) && /\d/.test(word)) {
      // A card number (Luhn and a card's range) or a NIR (its key; seven groups written apart) first, the longest run
      // of at most eight words that is one: their digit groups would pass for a phone.
      let long = i;
      while (long + 1 < words.length && long - i < 7 && PHONE_PIECE.test(words[long + 1])) long++;
      let last = long;
      let kind: FreeTextKind | undefined;
      for (; last >= i && kind === undefined; last--) {
        const run = words.slice(i, last + 1).join(' ');
        kind = isCardNumber(run) ? 'card' : isNir(run) ? 'nir' : undefined;
      }
      if (kind !== undefined) {
        found.add(kind);
        i = last + 1;
        continue;
      }
      const end = Math.min(long, i + 5);
      const run = words.slice(i, end + 1).join(' ');
      // `2024-03-01` and `10.0.0.1` are digit groups too: a date or an address is no phone, as in a cell. Plain digit
      // groups (`2024 2025`, `Lot 100 200 300 400`) are a phone only after a phone word (issue #95).
      const announced = i > 0 && PHONE_WORDS.has(folded(words[i - 1]));
      if (!parseDate(run) && !isIp(run) && (announced ? isPhone(run) : isWrittenPhone(run))) found.add('phone');
      i = end;
      continue;
    }
    // A known place of two words or more (`Saint Alban`, `Bourg Saint Christophe`): read whole, no name starts inside it (issue #95).
    const place = CAPITALISED_START.test(word) ? placeWordsAt(words, i) : 0;
    if (place > 0) {
      i += place - 1;
      continue;
    }
    if (startsName(words, i)) found.add('person');
  }
  return found;
}

/** Whether a header names free text (`comment`, `customer_notes`, `commentaire_client`). */
export const namesFreeText = (header: string): boolean => headerWords(header).some((w) => FREE_TEXT_WORDS.has(w));

/** A column of text (issue #95: read whatever its header): most of its rows hold three words or more. */
export const isTextColumn = (values: readonly string[]): boolean => {
  const sample = values.slice(0, FREE_TEXT_ROWS);
  return sample.length > 0 && sample.filter((v) => v.trim().split(/\s+/).length >= 3).length * 2 >= sample.length;
};

/** Of a free-text column's rows (the first FREE_TEXT_ROWS), how many hold each kind. */
export function freeTextCounts(values: readonly string[]): Map<FreeTextKind, number> {
  const counts = new Map<FreeTextKind, number>();
  for (const value of values.slice(0, FREE_TEXT_ROWS)) for (const kind of freeTextKinds(value)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}
