/** The responsibility-assignment schemes a RACI file can declare, and the letters of each. */
export type RaciSchemeName = 'RACI' | 'RASCI' | 'RACI-VS' | 'DACI';

export interface RaciScheme {
  name: RaciSchemeName;
  /** Letter → what it means, in the order the scheme spells them. */
  letters: Record<string, string>;
  /** The letter of the one role answerable for the activity. */
  accountable: string;
  /** The letter of the roles doing the work (R; in DACI the Driver). */
  responsible: string;
}

export const schemes: Record<RaciSchemeName, RaciScheme> = {
  RACI: {
    name: 'RACI',
    letters: { R: 'Responsible', A: 'Accountable', C: 'Consulted', I: 'Informed' },
    accountable: 'A',
    responsible: 'R',
  },
  RASCI: {
    name: 'RASCI',
    letters: { R: 'Responsible', A: 'Accountable', S: 'Support', C: 'Consulted', I: 'Informed' },
    accountable: 'A',
    responsible: 'R',
  },
  'RACI-VS': {
    name: 'RACI-VS',
    letters: { R: 'Responsible', A: 'Accountable', C: 'Consulted', I: 'Informed', V: 'Verifier', S: 'Signatory' },
    accountable: 'A',
    responsible: 'R',
  },
  DACI: {
    name: 'DACI',
    letters: { D: 'Driver', A: 'Approver', C: 'Contributor', I: 'Informed' },
    accountable: 'A',
    responsible: 'D',
  },
};

export const defaultScheme: RaciSchemeName = 'RACI';

export function isSchemeName(value: unknown): value is RaciSchemeName {
  return typeof value === 'string' && Object.hasOwn(schemes, value);
}

export interface LookAlike {
  /** The Latin capital it is mistaken for. */
  latin: string;
  /** Its Unicode name, for the message. */
  name: string;
}

/**
 * Characters of other scripts that render like the Latin capitals the schemes use: pasted from a
 * Cyrillic or Greek keyboard layout, a PDF or a spreadsheet, they look right and match nothing.
 */
const lookAlikes: Record<string, LookAlike> = {
  '\u0410': { latin: 'A', name: 'CYRILLIC CAPITAL LETTER A' },
  '\u0391': { latin: 'A', name: 'GREEK CAPITAL LETTER ALPHA' },
  '\u13AA': { latin: 'A', name: 'CHEROKEE LETTER GO' },
  '\uFF21': { latin: 'A', name: 'FULLWIDTH LATIN CAPITAL LETTER A' },
  '\u0421': { latin: 'C', name: 'CYRILLIC CAPITAL LETTER ES' },
  '\u03F9': { latin: 'C', name: 'GREEK CAPITAL LUNATE SIGMA SYMBOL' },
  '\u216D': { latin: 'C', name: 'ROMAN NUMERAL ONE HUNDRED' },
  '\u13DF': { latin: 'C', name: 'CHEROKEE LETTER TLI' },
  '\uFF23': { latin: 'C', name: 'FULLWIDTH LATIN CAPITAL LETTER C' },
  '\u0406': { latin: 'I', name: 'CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I' },
  '\u04C0': { latin: 'I', name: 'CYRILLIC LETTER PALOCHKA' },
  '\u0399': { latin: 'I', name: 'GREEK CAPITAL LETTER IOTA' },
  '\u2160': { latin: 'I', name: 'ROMAN NUMERAL ONE' },
  '\uFF29': { latin: 'I', name: 'FULLWIDTH LATIN CAPITAL LETTER I' },
  '\u13A1': { latin: 'R', name: 'CHEROKEE LETTER E' },
  '\uFF32': { latin: 'R', name: 'FULLWIDTH LATIN CAPITAL LETTER R' },
  '\u0405': { latin: 'S', name: 'CYRILLIC CAPITAL LETTER DZE' },
  '\u13DA': { latin: 'S', name: 'CHEROKEE LETTER DU' },
  '\uFF33': { latin: 'S', name: 'FULLWIDTH LATIN CAPITAL LETTER S' },
  '\u0474': { latin: 'V', name: 'CYRILLIC CAPITAL LETTER IZHITSA' },
  '\u2164': { latin: 'V', name: 'ROMAN NUMERAL FIVE' },
  '\u13D9': { latin: 'V', name: 'CHEROKEE LETTER DO' },
  '\uFF36': { latin: 'V', name: 'FULLWIDTH LATIN CAPITAL LETTER V' },
  '\u13A0': { latin: 'D', name: 'CHEROKEE LETTER A' },
  '\u216E': { latin: 'D', name: 'ROMAN NUMERAL FIVE HUNDRED' },
  '\uFF24': { latin: 'D', name: 'FULLWIDTH LATIN CAPITAL LETTER D' },
};

export function lookAlike(char: string): LookAlike | undefined {
  return lookAlikes[char];
}

/** Characters allowed between letters of one cell: "A/R", "A, R", "A+R". */
export const letterSeparators = /[\s/,+&]/u;

/** A cell value that means "not involved". */
export function isEmptyCell(value: string): boolean {
  return value.trim() === '' || value.trim() === '-';
}
