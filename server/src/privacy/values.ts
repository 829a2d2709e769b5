/**
 * What one cell value is, by its shape and its check digits alone (issue #65): an e-mail address,
 * a phone number, an IBAN (ISO 13616 mod-97 and the country's length and layout), a payment card
 * number (Luhn and the issuers' number ranges), a French NIR (its key, Corsica's 2A/2B), an IP
 * address, a calendar date, a person's name (a token in a bounded first-name list). Every test is
 * anchored on the whole value and linear in its length; a value longer than MAX_VALUE is nothing.
 * Presidio's recognisers are the reference (docs/privacy.md says where this differs).
 */
import { isPostalAddress } from './addresses';
import { FIRST_NAMES } from './firstNames';
import { FRENCH_FIRST_NAMES } from './firstNamesFr';
import { isPlaceName } from './places';
import { FRENCH_SURNAMES_BR64 } from './surnamesFr';
import { frontDecoded } from './frontCoded';

/** The kinds a value can be (`date` is not personal by itself; `dob` needs a header's context). */
export type ValueKind = 'email' | 'phone' | 'iban' | 'card' | 'nir' | 'ip' | 'date' | 'address' | 'person' | CompanyId;

/** A French company's identifier: SIREN (the company), SIRET (one of its establishments). Not personal data. */
export type CompanyId = 'siret' | 'siren';

/** Longer values are free text, not a cell holding one identifier. */
export const MAX_VALUE = 200;

// --- SIREN and SIRET ------------------------------------------------------------------------

/** SIREN: 9 digits, whole or `732 829 320`. SIRET: the SIREN and a 5-digit establishment number (NIC). */
const SIREN = /^\d{9}$|^\d{3} \d{3} \d{3}$/;
const SIRET = /^\d{14}$|^\d{3} \d{3} \d{3} \d{5}$/;
/** La Poste's SIREN: its SIRETs (one per post office) have a digit sum divisible by 5, not Luhn (INSEE). */
const LA_POSTE = '356000000';

/** A SIREN: 9 digits passing Luhn (INSEE's key). */
export function isSiren(value: string): boolean {
  return SIREN.test(value) && luhn(value.replace(/ /g, ''));
}

/** A SIRET: a valid SIREN, then the NIC, the 14 digits passing Luhn (La Poste's: digit sum mod 5). */
export function isSiret(value: string): boolean {
  if (!SIRET.test(value)) return false;
  const digits = value.replace(/ /g, '');
  if (digits.startsWith(LA_POSTE)) return [...digits].reduce((n, d) => n + Number(d), 0) % 5 === 0;
  return luhn(digits.slice(0, 9)) && luhn(digits);
}

// --- e-mail ---------------------------------------------------------------------------------

/** Extensions of image and web files: `icon@2x.png` is a file name, not an address. */
const FILE_SUFFIXES = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'bmp', 'css', 'js', 'mjs', 'ts', 'json', 'html', 'htm', 'pdf', 'txt', 'md', 'xml', 'yaml', 'yml', 'zip']);
/** The local part may hold any letter or digit (RFC 6531: `élodie.müller@example.fr`); the domain is ASCII or its punycode. */
const EMAIL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+)([A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})$/u;

export function isEmail(value: string): boolean {
  // NFC: an accent typed as a combining mark (`e` + U+0301) is the letter `é` the pattern knows.
  const bare = value.replace(/^mailto:/i, '').normalize('NFC');
  const m = EMAIL.exec(bare);
  return m !== null && !FILE_SUFFIXES.has(m[2].toLowerCase());
}

// --- Luhn and payment cards -----------------------------------------------------------------

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Issuer number ranges (IIN prefixes, as [low, high] over the first `digits` digits) and the lengths each issues. */
const CARD_RANGES: readonly { digits: number; low: number; high: number; lengths: readonly number[] }[] = [
  { digits: 1, low: 4, high: 4, lengths: [13, 16, 19] }, // Visa
  { digits: 2, low: 51, high: 55, lengths: [16] }, // Mastercard
  { digits: 4, low: 2221, high: 2720, lengths: [16] }, // Mastercard, the 2-series
  { digits: 4, low: 2200, high: 2204, lengths: [16, 17, 18, 19] }, // Mir
  { digits: 2, low: 34, high: 34, lengths: [15] }, // American Express
  { digits: 2, low: 37, high: 37, lengths: [15] },
  { digits: 3, low: 300, high: 305, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { digits: 2, low: 36, high: 36, lengths: [14, 15, 16, 17, 18, 19] },
  { digits: 2, low: 38, high: 39, lengths: [14, 15, 16, 17, 18, 19] },
  { digits: 4, low: 3095, high: 3095, lengths: [14, 15, 16, 17, 18, 19] },
  // JCB issues 3528–3589; generators (Faker, hence Presidio's synthetic set) use all of 35.
  { digits: 2, low: 35, high: 35, lengths: [16, 17, 18, 19] }, // JCB
  { digits: 4, low: 2131, high: 2131, lengths: [15] },
  { digits: 4, low: 1800, high: 1800, lengths: [15] },
  { digits: 1, low: 1, high: 1, lengths: [15] }, // UATP
  { digits: 2, low: 50, high: 50, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { digits: 2, low: 56, high: 69, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro, Discover, UnionPay, RuPay
];

/** Whether `digits` starts with a card issuer's number range and has a length that issuer uses. */
export function inCardRange(digits: string): boolean {
  return CARD_RANGES.some((r) => {
    const prefix = Number(digits.slice(0, r.digits));
    return prefix >= r.low && prefix <= r.high && r.lengths.includes(digits.length);
  });
}

/** Digits in groups, separated by single spaces or dashes (never both kinds). */
const GROUPED_DIGITS = /^\d+(?:([ -])\d+(?:\1\d+)*)?$/;

/**
 * A 14-digit number in Diners Club's ranges (300–305, 3095, 36, 38, 39): Diners' own length, so a
 * value alone that is both this and a SIRET is read as a card (Presidio's synthetic Diners numbers);
 * a column of them is still judged on its rows (columns.ts).
 */
export function isDinersLength(value: string): boolean {
  const digits = value.replace(/[ -]/g, '');
  return digits.length === 14 && /^(?:30[0-5]|3095|3[689])/.test(digits);
}

export function isCardNumber(value: string): boolean {
  if (!GROUPED_DIGITS.test(value)) return false;
  const digits = value.replace(/[ -]/g, '');
  return digits.length >= 12 && digits.length <= 19 && inCardRange(digits) && luhn(digits);
}

// --- IBAN -----------------------------------------------------------------------------------

/**
 * The BBAN layout of each country of the IBAN registry (SWIFT's notation: n digits, a letters,
 * c letters or digits; the IBAN's length is 4 + the layout's): `FR: 5n5n11c2n`.
 */
const BBAN: Readonly<Record<string, string>> = {
  AD: '4n4n12c', AE: '3n16n', AL: '8n16c', AT: '5n11n', AZ: '4a20c', BA: '3n3n8n2n', BE: '3n7n2n', BG: '4a4n2n8c', BH: '4a14c', BI: '5n5n11n2n',
  BR: '8n5n10n1a1c', BY: '4c4n16c', CH: '5n12c', CR: '4n14n', CY: '3n5n16c', CZ: '4n6n10n', DE: '8n10n', DJ: '5n5n11n2n', DK: '4n9n1n', DO: '4c20n',
  EE: '2n2n11n1n', EG: '4n4n17n', ES: '4n4n1n1n10n', FI: '3n11n', FK: '2a12n', FO: '4n9n1n', FR: '5n5n11c2n', GB: '4a6n8n', GE: '2a16n', GI: '4a15c',
  GL: '4n9n1n', GR: '3n4n16c', GT: '4c20c', HR: '7n10n', HU: '3n4n1n15n1n', IE: '4a6n8n', IL: '3n3n13n', IQ: '4a3n12n', IS: '4n2n6n10n', IT: '1a5n5n12c',
  JO: '4a4n18c', KW: '4a22c', KZ: '3n13c', LB: '4n20c', LC: '4a24c', LI: '5n12c', LT: '5n11n', LU: '3n13c', LV: '4a13c', LY: '3n3n15n',
  MC: '5n5n11c2n', MD: '2c18c', ME: '3n13n2n', MK: '3n10c2n', MN: '4n12n', MR: '5n5n11n2n', MT: '4a5n18c', MU: '4a2n2n12n3n3a', NI: '4a20n', NL: '4a10n',
  NO: '4n6n1n', OM: '3n16c', PK: '4a16c', PL: '8n16n', PS: '4a21c', PT: '4n4n11n2n', QA: '4a21c', RO: '4a16c', RS: '3n13n2n', RU: '9n5n15c',
  SA: '2n18c', SC: '4a2n2n16n3a', SD: '2n12n', SE: '3n16n1n', SI: '5n8n2n', SK: '4n6n10n', SM: '1a5n5n12c', SO: '4n3n12n', ST: '8n11n2n', SV: '4a20n',
  TL: '3n14n2n', TN: '2n3n13n2n', TR: '5n1n16c', UA: '6n19c', VA: '3n15n', VG: '4a16n', XK: '4n10n2n', YE: '4a4n18c',
};

const bbanPatterns = new Map<string, RegExp>();
function bbanPattern(country: string): RegExp | undefined {
  const layout = BBAN[country];
  if (!layout) return undefined;
  let pattern = bbanPatterns.get(country);
  if (!pattern) {
    const classes: Record<string, string> = { n: '[0-9]', a: '[A-Z]', c: '[A-Z0-9]' };
    const body = [...layout.matchAll(/(?<!\d)(\d+)([nac])/g)].map(([, count, kind]) => `${classes[kind]}{${count}}`).join('');
    bbanPatterns.set(country, (pattern = new RegExp(`^${body}$`)));
  }
  return pattern;
}

/** 98 − (the rearranged number mod 97) equals the check digits: the remainder of the whole rearranged number is 1. */
export function ibanChecksum(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    rest = value >= 10 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest === 1;
}

/** An IBAN written whole, or in groups of four (spaces or dashes) with a shorter last one; upper-case letters. */
const IBAN_WRITTEN = /^[A-Z]{2}\d{2}(?:[A-Z0-9]+|(?:[ -][A-Z0-9]{4})*[ -][A-Z0-9]{1,4})$/;

export function isIban(value: string): boolean {
  if (value.length > 42 || !IBAN_WRITTEN.test(value)) return false;
  const compact = value.replace(/[ -]/g, '');
  return bbanPattern(compact.slice(0, 2))?.test(compact.slice(4)) === true && ibanChecksum(compact);
}

// --- French NIR -----------------------------------------------------------------------------

/** Sex (1, 2; 3, 4, 7, 8 while a registration is in progress), year, month, place (2A/2B for Corsica), order, key. */
const NIR = /^([1-478]\d{2}(\d{2})(\d{2}|2[AB])\d{6})(\d{2})$/;

export function isNir(value: string): boolean {
  if (value.length > 21 || !/^[\d AB.]+$/i.test(value)) return false;
  const m = NIR.exec(value.replace(/[ .]/g, '').toUpperCase());
  if (!m) return false;
  const month = Number(m[2]);
  // 01–12; 20–42 and 50–99 for people whose registration gave no month (and 13, unknown).
  if (!(month >= 1 && month <= 13) && !(month >= 20 && month <= 42) && month < 50) return false;
  const body = m[1].replace('2A', '19').replace('2B', '18');
  let rest = 0;
  for (const ch of body) rest = (rest * 10 + ch.charCodeAt(0) - 48) % 97;
  return 97 - rest === Number(m[4]);
}

// --- IP addresses ---------------------------------------------------------------------------

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

export function isIpv4(value: string, prefix = true): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return IPV4.test(value);
  return prefix && IPV4.test(value.slice(0, slash)) && /^(?:3[0-2]|[12]?\d)$/.test(value.slice(slash + 1));
}

export function isIpv6(value: string): boolean {
  let address = value;
  const slash = address.indexOf('/');
  if (slash >= 0) {
    if (!/^(?:12[0-8]|1[01]\d|[1-9]?\d)$/.test(address.slice(slash + 1))) return false;
    address = address.slice(0, slash);
  }
  const zone = address.indexOf('%');
  if (zone >= 0) {
    if (!/^[A-Za-z0-9_.-]+$/.test(address.slice(zone + 1))) return false;
    address = address.slice(0, zone);
  }
  if (address.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(address)) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const all = groups.flat();
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIpv4(last, false)) return false;
    count += 1; // an embedded IPv4 address takes two groups
  }
  if (all.some((g, i) => !(i === all.length - 1 && g.includes('.')) && !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export const isIp = (value: string): boolean => isIpv4(value) || isIpv6(value);

// --- phone numbers --------------------------------------------------------------------------

/**
 * International: `+` or `00`, a country code not starting with 0, then groups each after one
 * separator (one bracketed trunk or area code allowed: `+41 (0)38 549 02 90`). A separator between
 * groups is required: a run of digits splits one way only.
 */
const INTERNATIONAL = /^(?:\+|00)[1-9]\d*(?:[ .-]?\(\d{1,4}\)[ .-]?\d+)?(?:[ .-]\d+)*$/;
/** French national: 0 and nine digits, in pairs or not. */
const FRENCH = /^0[1-9](?:[ .-]?\d{2}){4}$/;
/** North American: an area code and an exchange not starting with 0 or 1. */
const NANP = /^(?:1[ .-]?)?(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[ .-]?)[2-9]\d{2}[ .-]?\d{4}$/;
/** Other national shapes: a trunk 0 or an area code in brackets, then groups. */
const NATIONAL = /^(?:\(\d{1,4}\)[ ]?\d{2,8}|0\d{1,4})(?:[ .-]\d{2,8})+$/;
/** Groups of two to four digits after one kind of separator (space or dash): `21 284 698 2548`, `60-56-85-91`. */
const GROUPED = /^\d{2,4}([ -])\d{2,4}(?:\1\d{2,4}){0,3}$/;
/** A local number of seven digits, three then four: `467 3395`. */
const LOCAL = /^[2-9]\d{2}[ .-]\d{4}$/;
/** An extension after the number: `x4587`, `ext. 12`. */
const EXTENSION = /\s?(?:x|ext\.?)\s?\d{1,6}$/i;

/** North American, written apart as only a phone is: `(415) 555-0132`, `415-555-0132`, `415.555.0132`. */
const NANP_WRITTEN = /^(?:1[ .-]?)?(?:\([2-9]\d{2}\) ?[2-9]\d{2}[.-]\d{4}|[2-9]\d{2}([.-])[2-9]\d{2}\1\d{4})$/;

/**
 * A phone by its shape alone, in running text (issue #95): international (`+33 6 12 34 56 78`), French
 * national (`06 12 34 56 78`), or North American with its brackets or dashes. Plain digit groups
 * (`2024 2025`, `100 200 300 400`, `2023-1234-5678`) pass isPhone as a cell under a phone header may,
 * but in a sentence they are counts, years and references: a phone there only beside a phone word (freeText.ts).
 */
export function isWrittenPhone(written: string): boolean {
  if (!isPhone(written)) return false;
  const value = written.replace(EXTENSION, '');
  return INTERNATIONAL.test(value) || FRENCH.test(value) || NANP_WRITTEN.test(value);
}

export function isPhone(written: string): boolean {
  if (written.length > 40) return false;
  const value = written.replace(EXTENSION, '');
  const digits = value.replace(/\D/g, '').length;
  if (INTERNATIONAL.test(value)) return digits >= 8 && digits <= 17;
  if (FRENCH.test(value) || NANP.test(value) || LOCAL.test(value)) return true;
  return (NATIONAL.test(value) || GROUPED.test(value)) && digits >= 8 && digits <= 12;
}

// --- dates ----------------------------------------------------------------------------------

/** A calendar date (year, month, day) read from a value, or undefined. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function valid(year: number, month: number, day: number): CalendarDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return undefined;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return undefined;
  return { year, month, day };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_FIRST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/;
const YEAR_FIRST = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const NAMED_MONTH = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$/;

const fullYear = (text: string): number => (text.length === 4 ? Number(text) : Number(text) + (Number(text) > 30 ? 1900 : 2000));

/** A date as tables write it: ISO 8601 (with a time), day/month/year or month/day/year (`/`, `.`, `-`), year/month/day, `12 Mar 1990`. */
export function parseDate(value: string): CalendarDate | undefined {
  if (value.length > 35) return undefined;
  let m = ISO.exec(value);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = DAY_FIRST.exec(value))) {
    const [a, b, year] = [Number(m[1]), Number(m[3]), fullYear(m[4])];
    // Day first (Europe) when it can be, else month first (the United States).
    return valid(year, b, a) ?? valid(year, a, b);
  }
  if ((m = YEAR_FIRST.exec(value))) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = NAMED_MONTH.exec(value))) {
    const month = MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1;
    return month > 0 ? valid(Number(m[3]), month, Number(m[1])) : undefined;
  }
  return undefined;
}

/** A month and a year (`05/2021`, `May-2021`) or a day and a month (`21-May`): a date, never a date of birth. */
const PARTIAL = /^(?:(?:0?[1-9]|1[0-2])\/(?:\d{4}|\d{2})|[A-Za-z]{3,9}[ -](?:\d{4}|\d{1,2})|\d{1,2}[ -][A-Za-z]{3,9})$/;

export function isPartialDate(value: string): boolean {
  if (!PARTIAL.test(value)) return false;
  const word = /[A-Za-z]+/.exec(value)?.[0];
  return word === undefined || MONTHS.includes(word.slice(0, 3).toLowerCase());
}

/** A date a living person may be born on: from 1900 to `thisYear`. */
export function isBirthDate(value: string, thisYear: number): boolean {
  const date = parseDate(value);
  return date !== undefined && date.year >= 1900 && date.year <= thisYear;
}

// --- person names ---------------------------------------------------------------------------

let firstNames: Set<string> | undefined;
/** The bounded first-name lists (firstNames.ts, the United States; firstNamesFr.ts, INSEE's), built on first use. */
function knownFirstNames(): Set<string> {
  firstNames ??= new Set(`${FIRST_NAMES} ${FRENCH_FIRST_NAMES}`.split(/\s+/).filter(Boolean));
  return firstNames;
}

let surnames: Set<string> | undefined;
/** INSEE's surnames (surnamesFr.ts: front-coded, Brotli, base64), decoded on first use. */
function knownSurnames(): Set<string> {
  surnames ??= new Set(frontDecoded(FRENCH_SURNAMES_BR64, ' '));
  return surnames;
}

/** Lower-case, without diacritics: `Chloé` → `chloe`. */
export const folded = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** One to four words of letters (apostrophes and hyphens inside, an initial with a dot): what a name looks like. */
const NAME_SHAPED = /^\p{L}[\p{L}'’-]*\.?(?: \p{L}[\p{L}'’-]*\.?){0,3}$/u;
const CAPITALISED_WORD = /^\p{Lu}/u;

/** Whether a value is shaped like a name (for a column whose header says it holds names). */
export const isNameShaped = (value: string): boolean => value.length <= 80 && NAME_SHAPED.test(value);

/** Whether a word (any case, diacritics or not) is a first name of the bounded lists. */
export const isFirstName = (word: string): boolean => word.length > 1 && knownFirstNames().has(folded(word));

/**
 * Whether a word is a surname of INSEE's list. The list holds common words too (`Rose`, `Marchand`):
 * callers use it only in context, never on a word alone.
 */
export const isSurname = (word: string): boolean => word.length > 1 && knownSurnames().has(folded(word));

/** Civilities that announce a surname (`Mme Dupont`, `M. Martin`, `Dr Lefèvre`), folded, without their dot. */
const CIVILITIES = new Set(['m', 'mme', 'mmes', 'mlle', 'mlles', 'monsieur', 'madame', 'mademoiselle', 'dr', 'docteur', 'pr', 'professeur', 'me', 'maitre', 'mr', 'mrs', 'ms', 'miss']);

/** Whether a word is a civility (`Mme`, `M.`, `Monsieur`, `Dr.`). */
export const isCivility = (word: string): boolean => CIVILITIES.has(folded(word.endsWith('.') ? word.slice(0, -1) : word));

/**
 * A name with no header to say so: capitalised words, one of them a known first name (`Jean Martin`,
 * `DUPONT Jean`); or a civility and then up to three words, the last a surname (`Mme Dupont`,
 * `M. Le Marchand`). A surname alone (`Rose`, `Marchand`) is no name, nor is a known place (places.ts).
 */
export function isPersonName(value: string): boolean {
  // A commune or a country whose name holds a first name and more (`Saint Alban`, `Mont-Saint-Martin`, `Sierra Leone`):
  // a place (issue #95). One word both a first name and a place (`Marie`, `Chad`, `Nancy`) stays a name: the header decides.
  if (!isNameShaped(value) || (/[ -]/.test(value) && isPlaceName(value))) return false;
  const words = value.split(' ');
  if (!words.every((w) => CAPITALISED_WORD.test(w))) return false;
  const names = knownFirstNames();
  if (words.some((w) => w.length > 1 && !w.endsWith('.') && names.has(folded(w)))) return true;
  return words.length >= 2 && isCivility(words[0]) && isSurname(words[words.length - 1]);
}

// --- every kind -----------------------------------------------------------------------------

/** The kinds a value's shape and checks say it is (usually none or one), strongest first. */
export function valueKinds(raw: string): ValueKind[] {
  const value = raw.trim();
  if (value === '' || value.length > MAX_VALUE) return [];
  const kinds: ValueKind[] = [];
  if (value.includes('@')) {
    if (isEmail(value)) kinds.push('email');
    return kinds;
  }
  // Upper case, or all lower case (`gb42nawi…`), not a mix.
  if (/^[A-Za-z]{2}\d{2}/.test(value) && (value === value.toUpperCase() || value === value.toLowerCase()) && isIban(value.toUpperCase())) kinds.push('iban');
  // A SIRET is read before a card: 14 digits whose first 9 (the SIREN) pass Luhn too. One in ten
  // 14-digit cards is both; columns.ts decides (a column of them, a value of Diners' length).
  if (isSiret(value)) kinds.push('siret');
  else if (isSiren(value)) kinds.push('siren');
  const card = isCardNumber(value);
  // A 15-digit Amex number may pass the NIR key too: a NIR of a registration in progress (3, 4, 7, 8) is rarer than a card.
  if (isNir(value) && !(card && !/^[12]/.test(value))) kinds.push('nir');
  if (card) kinds.push('card');
  if (isIp(value)) kinds.push('ip');
  // `2021-05-21` is grouped digits too: a date first.
  if (parseDate(value) || isPartialDate(value)) kinds.push('date');
  else if (isPhone(value)) kinds.push('phone');
  if (kinds.length === 0 && isPostalAddress(value)) kinds.push('address');
  if (kinds.length === 0 && isPersonName(value)) kinds.push('person');
  return kinds;
}
