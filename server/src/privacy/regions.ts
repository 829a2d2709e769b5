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

/**
 * A place's country, for the record's transfers column (CNIL's model asks the destination country):
 * an ISO 3166-1 code (alpha-2, or alpha-3 as fideslang's `third_country_transfers` writes it), a
 * country's English name, or a cloud region by its provider's public list — AWS "Regions and
 * Availability Zones", Google Cloud "Cloud locations", Azure "Azure geographies" (each region's
 * city or country as the provider names it). Undefined: not known here (the place stays as written).
 */
export interface Country { code: string; en: string; fr: string }

/** alpha-2, alpha-3, English, French: the EEA's and the countries the cloud regions below are in. */
const COUNTRIES: readonly [string, string, string, string][] = [
  ['AT', 'AUT', 'Austria', 'Autriche'], ['BE', 'BEL', 'Belgium', 'Belgique'], ['BG', 'BGR', 'Bulgaria', 'Bulgarie'], ['HR', 'HRV', 'Croatia', 'Croatie'],
  ['CY', 'CYP', 'Cyprus', 'Chypre'], ['CZ', 'CZE', 'Czechia', 'Tchéquie'], ['DK', 'DNK', 'Denmark', 'Danemark'], ['EE', 'EST', 'Estonia', 'Estonie'],
  ['FI', 'FIN', 'Finland', 'Finlande'], ['FR', 'FRA', 'France', 'France'], ['DE', 'DEU', 'Germany', 'Allemagne'], ['GR', 'GRC', 'Greece', 'Grèce'],
  ['HU', 'HUN', 'Hungary', 'Hongrie'], ['IE', 'IRL', 'Ireland', 'Irlande'], ['IT', 'ITA', 'Italy', 'Italie'], ['LV', 'LVA', 'Latvia', 'Lettonie'],
  ['LT', 'LTU', 'Lithuania', 'Lituanie'], ['LU', 'LUX', 'Luxembourg', 'Luxembourg'], ['MT', 'MLT', 'Malta', 'Malte'], ['NL', 'NLD', 'Netherlands', 'Pays-Bas'],
  ['PL', 'POL', 'Poland', 'Pologne'], ['PT', 'PRT', 'Portugal', 'Portugal'], ['RO', 'ROU', 'Romania', 'Roumanie'], ['SK', 'SVK', 'Slovakia', 'Slovaquie'],
  ['SI', 'SVN', 'Slovenia', 'Slovénie'], ['ES', 'ESP', 'Spain', 'Espagne'], ['SE', 'SWE', 'Sweden', 'Suède'], ['IS', 'ISL', 'Iceland', 'Islande'],
  ['LI', 'LIE', 'Liechtenstein', 'Liechtenstein'], ['NO', 'NOR', 'Norway', 'Norvège'],
  ['US', 'USA', 'United States', 'États-Unis'], ['CA', 'CAN', 'Canada', 'Canada'], ['MX', 'MEX', 'Mexico', 'Mexique'], ['BR', 'BRA', 'Brazil', 'Brésil'],
  ['CL', 'CHL', 'Chile', 'Chili'], ['GB', 'GBR', 'United Kingdom', 'Royaume-Uni'], ['CH', 'CHE', 'Switzerland', 'Suisse'], ['JP', 'JPN', 'Japan', 'Japon'],
  ['KR', 'KOR', 'South Korea', 'Corée du Sud'], ['IN', 'IND', 'India', 'Inde'], ['SG', 'SGP', 'Singapore', 'Singapour'], ['AU', 'AUS', 'Australia', 'Australie'],
  ['ID', 'IDN', 'Indonesia', 'Indonésie'], ['MY', 'MYS', 'Malaysia', 'Malaisie'], ['HK', 'HKG', 'Hong Kong', 'Hong Kong'], ['TW', 'TWN', 'Taiwan', 'Taïwan'],
  ['CN', 'CHN', 'China', 'Chine'], ['BH', 'BHR', 'Bahrain', 'Bahreïn'], ['AE', 'ARE', 'United Arab Emirates', 'Émirats arabes unis'], ['QA', 'QAT', 'Qatar', 'Qatar'],
  ['SA', 'SAU', 'Saudi Arabia', 'Arabie saoudite'], ['IL', 'ISR', 'Israel', 'Israël'], ['ZA', 'ZAF', 'South Africa', 'Afrique du Sud'], ['NZ', 'NZL', 'New Zealand', 'Nouvelle-Zélande'],
];
/** Every country's name the table knows, in English and French (places.ts: a country is a place, not a person). */
export const countryNames = (): string[] => COUNTRIES.flatMap(([, , en, fr]) => [en, fr]);
const BY_CODE = new Map<string, Country>(COUNTRIES.flatMap(([a2, a3, en, fr]) => [a2, a3, en.toUpperCase()].map((k): [string, Country] => [k, { code: a2, en, fr }])));

/** Cloud regions → alpha-2 (regions named alike in a country share one pattern). */
const REGION_COUNTRIES: readonly [RegExp, string][] = [
  // AWS
  [/^us-(east|west)-\d+$/, 'US'], [/^us-gov-(east|west)-1$/, 'US'], [/^ca-(central|west)-1$/, 'CA'], [/^mx-central-1$/, 'MX'], [/^sa-east-1$/, 'BR'],
  [/^eu-west-1$/, 'IE'], [/^eu-west-2$/, 'GB'], [/^eu-west-3$/, 'FR'], [/^eu-central-1$/, 'DE'], [/^eu-central-2$/, 'CH'], [/^eu-north-1$/, 'SE'],
  [/^eu-south-1$/, 'IT'], [/^eu-south-2$/, 'ES'], [/^ap-northeast-[13]$/, 'JP'], [/^ap-northeast-2$/, 'KR'], [/^ap-south-[12]$/, 'IN'], [/^ap-southeast-1$/, 'SG'],
  [/^ap-southeast-[24]$/, 'AU'], [/^ap-southeast-3$/, 'ID'], [/^ap-southeast-5$/, 'MY'], [/^ap-east-1$/, 'HK'], [/^me-south-1$/, 'BH'], [/^me-central-1$/, 'AE'],
  [/^af-south-1$/, 'ZA'], [/^il-central-1$/, 'IL'],
  // Google Cloud
  [/^us-[a-z]+\d+$/, 'US'], [/^northamerica-northeast[12]$/, 'CA'], [/^northamerica-south1$/, 'MX'], [/^southamerica-east1$/, 'BR'], [/^southamerica-west1$/, 'CL'],
  [/^europe-west1$/, 'BE'], [/^europe-west2$/, 'GB'], [/^europe-west(3|10)$/, 'DE'], [/^europe-west4$/, 'NL'], [/^europe-west6$/, 'CH'], [/^europe-west(8|12)$/, 'IT'],
  [/^europe-west9$/, 'FR'], [/^europe-north1$/, 'FI'], [/^europe-north2$/, 'SE'], [/^europe-central2$/, 'PL'], [/^europe-southwest1$/, 'ES'],
  [/^asia-east1$/, 'TW'], [/^asia-east2$/, 'HK'], [/^asia-northeast[12]$/, 'JP'], [/^asia-northeast3$/, 'KR'], [/^asia-south[12]$/, 'IN'], [/^asia-southeast1$/, 'SG'],
  [/^asia-southeast2$/, 'ID'], [/^australia-southeast[12]$/, 'AU'], [/^me-west1$/, 'IL'], [/^me-central1$/, 'QA'], [/^me-central2$/, 'SA'], [/^africa-south1$/, 'ZA'],
  // Azure
  [/^westeurope$/, 'NL'], [/^northeurope$/, 'IE'], [/^france(central|south)$/, 'FR'], [/^germany(westcentral|north)$/, 'DE'], [/^swedencentral$/, 'SE'],
  [/^norway(east|west)$/, 'NO'], [/^italynorth$/, 'IT'], [/^polandcentral$/, 'PL'], [/^spaincentral$/, 'ES'], [/^uk(south|west)$/, 'GB'], [/^switzerland(north|west)$/, 'CH'],
  [/^(east|west|central|north|south|southcentral|northcentral|westcentral)us\d?$/, 'US'], [/^canada(central|east)$/, 'CA'], [/^brazil(south|southeast)$/, 'BR'],
  [/^japan(east|west)$/, 'JP'], [/^korea(central|south)$/, 'KR'], [/^(central|south|west)india$/, 'IN'], [/^australia(east|southeast|central2?)$/, 'AU'],
  [/^southafrica(north|west)$/, 'ZA'], [/^uae(north|central)$/, 'AE'], [/^qatarcentral$/, 'QA'], [/^israelcentral$/, 'IL'], [/^eastasia$/, 'HK'], [/^southeastasia$/, 'SG'],
  [/^mexicocentral$/, 'MX'], [/^newzealandnorth$/, 'NZ'],
];

/** The country of a code, a country name or a cloud region, as far as the tables know. */
export function countryOf(written: string): Country | undefined {
  const value = written.trim();
  const direct = BY_CODE.get(value.toUpperCase());
  if (direct) return direct;
  const lower = value.toLowerCase();
  const code = REGION_COUNTRIES.find(([pattern]) => pattern.test(lower))?.[1];
  return code ? BY_CODE.get(code) : undefined;
}
