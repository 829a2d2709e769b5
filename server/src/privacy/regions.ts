/**
 * Whether a place is inside the EU/EEA (GDPR chapter V: a transfer outside needs a legal basis): a
 * country (ISO 3166 alpha-2 or alpha-3 code, or its English name) or a cloud region (AWS, Google
 * Cloud, Azure). The United Kingdom and Switzerland are outside the EEA (an adequacy decision is a
 * legal basis to declare, not an absence of transfer). Undefined: a place not known here.
 */

/** The EU's 27 and Iceland, Liechtenstein, Norway: alpha-2, alpha-3. */
const EEA: readonly [string, string, string][] = [
  ['AT', 'AUT', 'austria'], ['BE', 'BEL', 'belgium'], ['BG', 'BGR', 'bulgaria'], ['HR', 'HRV', 'croatia'], ['CY', 'CYP', 'cyprus'], ['CZ', 'CZE', 'czechia'],
  ['DK', 'DNK', 'denmark'], ['EE', 'EST', 'estonia'], ['FI', 'FIN', 'finland'], ['FR', 'FRA', 'france'], ['DE', 'DEU', 'germany'], ['GR', 'GRC', 'greece'],
  ['HU', 'HUN', 'hungary'], ['IE', 'IRL', 'ireland'], ['IT', 'ITA', 'italy'], ['LV', 'LVA', 'latvia'], ['LT', 'LTU', 'lithuania'], ['LU', 'LUX', 'luxembourg'],
  ['MT', 'MLT', 'malta'], ['NL', 'NLD', 'netherlands'], ['PL', 'POL', 'poland'], ['PT', 'PRT', 'portugal'], ['RO', 'ROU', 'romania'], ['SK', 'SVK', 'slovakia'],
  ['SI', 'SVN', 'slovenia'], ['ES', 'ESP', 'spain'], ['SE', 'SWE', 'sweden'], ['IS', 'ISL', 'iceland'], ['LI', 'LIE', 'liechtenstein'], ['NO', 'NOR', 'norway'],
];
const EEA_CODES = new Set(EEA.flatMap(([a2, a3, name]) => [a2.toLowerCase(), a3.toLowerCase(), name]));

/** Cloud regions inside the EEA (the others named `eu-*` / `europe-*` are London and Zurich). */
const EEA_REGIONS = [
  /^eu-(west-[13]|central-1|north-1|south-[12])$/, // AWS: Ireland, Paris, Frankfurt, Stockholm, Milan, Spain
  /^europe-(west(1|3|4|8|9|10|12)|north[12]|central2|southwest1)$/, // Google Cloud
  /^(westeurope|northeurope|francecentral|francesouth|germanywestcentral|germanynorth|swedencentral|norwayeast|norwaywest|italynorth|polandcentral|spaincentral)$/, // Azure
  /^(eu|europe)$/, // multi-regions (Google Cloud's EU, Azure's Europe)
];
/** Cloud regions known outside it. */
const OUTSIDE_REGIONS = [
  /^(us|ca|sa|ap|me|af|il|mx)-[a-z]+-\d+$/, /^eu-(west-2|central-2)$/, // AWS (London, Zurich)
  /^(us|northamerica|southamerica|asia|australia|me|africa)-[a-z]+\d+$/, /^europe-(west2|west6)$/, // Google Cloud (London, Zurich)
  /^(east|west|central|north|south|southcentral|northcentral|westcentral)us\d?$/, /^(uk|switzerland|canada|brazil|japan|korea|australia|india|southafrica|uae|qatar|israel)[a-z]*$/, /^(east|southeast)asia$/, // Azure
  /^(us|asia|usa|united states|united kingdom|uk|switzerland|china|india|japan|canada|brazil|australia|singapore)$/,
];

export type Place = 'eea' | 'outside';

/** Where a country or region is, as far as this table knows. */
export function placeOf(written: string): Place | undefined {
  const value = written.trim().toLowerCase();
  if (EEA_CODES.has(value) || EEA_REGIONS.some((r) => r.test(value))) return 'eea';
  if (OUTSIDE_REGIONS.some((r) => r.test(value))) return 'outside';
  // Another country code: outside, as any two or three letters that are not an EEA country.
  if (/^[a-z]{2,3}$/.test(value) && value !== 'eea') return 'outside';
  return undefined;
}
