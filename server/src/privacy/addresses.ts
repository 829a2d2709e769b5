/**
 * Postal addresses (issue #78): a street address — a number and a street type (`12 rue de la Paix`,
 * `12 bis, avenue Victor Hugo`, `1600 Pennsylvania Avenue NW`, `Via dei Fiorentini 17`, `Hauptstraße 5`,
 * `ul. Cicha 86`), a post box (`BP 1234`, `PO Box 9168`) — or a postcode and its town
 * (`75002 Paris`, `Springfield, IL 62704`). Read on words, not with one pattern over the value:
 * every check is linear in the value's length.
 */

/** Street types, as written (folded: lower case, no diacritics), in English, French and the other languages of Presidio's synthetic addresses. */
const STREET_TYPES = new Set([
  // English
  'street', 'st', 'st.', 'avenue', 'ave', 'ave.', 'road', 'rd', 'rd.', 'drive', 'dr', 'dr.', 'lane', 'ln', 'ln.', 'boulevard', 'blvd', 'blvd.', 'court', 'ct', 'ct.',
  'way', 'place', 'pl', 'pl.', 'square', 'sq', 'sq.', 'terrace', 'trail', 'parkway', 'pkwy', 'highway', 'hwy', 'circle', 'cir', 'crescent', 'close', 'mews', 'row', 'alley', 'bypass', 'courts', 'gardens', 'grove',
  // French
  'rue', 'av', 'av.', 'bd', 'bd.', 'chemin', 'allee', 'impasse', 'imp', 'imp.', 'quai', 'cours', 'route', 'rte', 'passage', 'voie', 'faubourg', 'fbg', 'esplanade', 'promenade', 'parvis', 'rond-point', 'sentier', 'villa', 'cite', 'traverse', 'montee', 'residence', 'lieu-dit', 'hameau',
  // Italian, Spanish, Portuguese, Dutch, Polish, German, Greek (folded)
  'via', 'viale', 'piazza', 'vicolo', 'corso', 'largo', 'calle', 'avenida', 'avda', 'avda.', 'paseo', 'plaza', 'rua', 'travessa', 'straat', 'laan', 'plein', 'ul', 'ul.', 'ulica', 'aleja', 'al.', 'str.', 'str', 'strasse', 'platz', 'gasse', 'weg', 'odos',
  // Hungarian, Croatian and Slovenian, Norwegian
  'u.', 'utca', 'ut', 'utja', 'ter', 'rkp.', 'trg', 'gate',
]);
/** Endings of a one-word street name (`Koepenickerstraße`, `Nybyvägen`, `Puistokatu`, `Mellemstræde`). */
const STREET_ENDINGS = ['strasse', 'str.', 'weg', 'platz', 'gasse', 'allee', 'vej', 'veien', 'vegen', 'vagen', 'gatan', 'gata', 'gade', 'katu', 'tie', 'straat', 'laan', 'utca', 'ulica', 'straede', 'stræde', 'straeti', 'stræti', 'vegur', 'braut', 'stien', 'vænget', 'kuja'];
/** A house number: digits, a letter or `bis`/`ter` after them (`12`, `221B`, `12bis`). */
const NUMBER = /^\d{1,5}(?:[a-z]|bis|ter|quater)?,?$/;
/** A post box: `BP`, `PO Box`, `Box`, `CS` and its number. */
const BOXES = new Set(['box', 'bp', 'b.p.', 'cs', 'postfach', 'apartado']);
/** A US military post office (`APO AE`), the marks of a flat or a suite. */
const MILITARY = new Set(['apo', 'fpo', 'dpo']);
const FLATS = new Set(['apt.', 'apt', 'suite', 'unit', 'flat', 'appt', 'appt.']);
/** A French postcode and its town: `75002 Paris`, `F-13001 Marseille`, `97400 Saint-Denis`. */
const FRENCH_TOWN = /^(?:F-)?\d{5} \p{Lu}[\p{L}' -]*$/u;
/** A town, a state's two letters and a ZIP code: `Springfield, IL 62704`, `SOUTH NEWDEGATE, WA 16469`. */
const US_TOWN = /^\p{L}[\p{L} .'-]*, [A-Z]{2} \d{5}(?:-\d{4})?$/u;

/** Lower case, without diacritics, `ß` as `ss` (values.ts's `folded`, which imports this file). */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss');
const namedStreet = (word: string): boolean => !STREET_TYPES.has(word) && STREET_ENDINGS.some((end) => word.length > end.length + 2 && word.endsWith(end));

/** Whether a value is a postal address, or a postcode and its town. */
export function isPostalAddress(value: string): boolean {
  if (value.length > 200) return false;
  const flat = value.split(/\s+/).filter(Boolean);
  const line = flat.join(' ');
  if (FRENCH_TOWN.test(line) || US_TOWN.test(line)) return true;
  const words = fold(line).split(/[ ,]+/).filter(Boolean);
  if (words.length < 2 || words.length > 24) return false;
  const numbered = words.some((w) => NUMBER.test(w));
  if (!numbered) return false;
  const before = (set: ReadonlySet<string>, next: RegExp) => words.some((w, i) => set.has(w) && i + 1 < words.length && next.test(words[i + 1]));
  if (before(BOXES, /^\d{1,6}$/)) return true;
  // A US military address (`FPO AE 12382`), a flat in a building with its own number (`9721 Dalmatinova 43 Apt. 678`).
  if (before(MILITARY, /^a[aep]$/) && /\d{5}$/.test(line)) return true;
  if (before(FLATS, /^\d{1,5}$/) && words.filter((w) => NUMBER.test(w)).length >= 2 && words.length >= 4) return true;
  // A one-word street name (`Nybyvägen 65`), or a street type with a name beside it (`24 Clarke Avenue`; `Route 66` is no address).
  return words.some(namedStreet) || (words.length >= 3 && words.some((w) => STREET_TYPES.has(w)));
}
