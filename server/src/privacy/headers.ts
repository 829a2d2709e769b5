/**
 * What a column's header says it holds (issue #65), in English and French: `courriel` and
 * `contact_email` name e-mail addresses, `date_naissance` dates of birth, `numero_carte` card
 * numbers; `order_id`, `app_version`, `created_ts` name things that are not personal data whatever
 * their values look like (a Luhn-valid order id, a version that parses as an IPv4 address).
 */
import { folded } from './values';

/** What a header can say: a kind of personal data (`dob`: a date of birth; `person`: a name), or nothing. */
export type HeaderKind = 'email' | 'phone' | 'iban' | 'card' | 'nir' | 'ip' | 'dob' | 'address' | 'person';

export interface HeaderContext {
  /** The kind the header names, when it names one. */
  hint?: HeaderKind;
  /** For a name: which part (`first`, `last`), when the header says. */
  namePart?: 'first' | 'last';
  /** The header names an identifier, a version, a time stamp, an amount, a place, a product: not personal data. */
  veto: boolean;
}

/** A header's words: `customerFirstName`, `customer_first_name`, `Customer First-Name` → customer, first, name. */
export function headerWords(header: string): string[] {
  return folded(header.replace(/([a-z0-9])([A-Z])/g, '$1 $2')).split(/[^a-z0-9]+/).filter(Boolean);
}

/** Single words that name a kind. */
const WORDS: Readonly<Record<string, HeaderKind>> = {
  email: 'email', mail: 'email', courriel: 'email', emailaddress: 'email', mel: 'email',
  phone: 'phone', tel: 'phone', telephone: 'phone', mobile: 'phone', portable: 'phone', gsm: 'phone', cell: 'phone', cellphone: 'phone', msisdn: 'phone', phonenumber: 'phone', fax: 'phone',
  iban: 'iban', rib: 'iban',
  card: 'card', carte: 'card', cc: 'card', pan: 'card', creditcard: 'card', cardnumber: 'card', cb: 'card',
  nir: 'nir', secu: 'nir', ssn: 'nir', insee: 'nir', securite: 'nir',
  ip: 'ip', ipv4: 'ip', ipv6: 'ip', ipaddress: 'ip',
  address: 'address', adresse: 'address', street: 'address', rue: 'address', voie: 'address', addressline: 'address',
  dob: 'dob', birth: 'dob', birthdate: 'dob', birthday: 'dob', naissance: 'dob', ddn: 'dob',
  name: 'person', nom: 'person', prenom: 'person', surname: 'person', firstname: 'person', lastname: 'person', fullname: 'person', forename: 'person', givenname: 'person', familyname: 'person', patronyme: 'person',
};

/** Pairs of words that name a kind together. */
const PAIRS: readonly [string, string, HeaderKind][] = [
  ['card', 'holder', 'person'], ['account', 'holder', 'person'], ['bank', 'account', 'iban'], ['compte', 'bancaire', 'iban'], ['account', 'number', 'iban'],
  ['remote', 'addr', 'ip'], ['remote', 'address', 'ip'], ['client', 'addr', 'ip'],
  ['social', 'security', 'nir'], ['numero', 'securite', 'nir'],
];

/** People a column may be named after (their name, unless the header says an id or another attribute). */
const PEOPLE = new Set(['customer', 'client', 'holder', 'cardholder', 'owner', 'employee', 'patient', 'contact', 'beneficiary', 'beneficiaire', 'titulaire', 'person', 'personne']);

/** Words naming what is not personal data (or another attribute of a person than the kinds above). */
const VETO = new Set([
  'id', 'ids', 'uuid', 'guid', 'key', 'ref', 'reference', 'order', 'commande', 'invoice', 'facture', 'transaction', 'txn', 'tracking', 'sku', 'ean', 'ean13', 'gtin', 'isbn', 'upc',
  'siren', 'siret', 'tva', 'vat', 'version', 'ver', 'build', 'release', 'ts', 'timestamp', 'epoch', 'created', 'updated', 'modified', 'time', 'hash', 'checksum', 'md5', 'sha',
  'zip', 'postal', 'postcode', 'cp', 'amount', 'montant', 'price', 'prix', 'total', 'qty', 'quantity', 'count', 'nb', 'score', 'rate', 'status', 'code', 'type', 'category',
  'city', 'ville', 'town', 'country', 'pays', 'region', 'commune', 'communes', 'localite', 'lieu', 'lieudit', 'village', 'municipality', 'departement', 'arrondissement', 'canton', 'quartier', 'acheminement', 'product', 'produit', 'item', 'article', 'file', 'filename', 'path', 'host', 'hostname', 'domain', 'server',
  'company', 'societe', 'entreprise', 'brand', 'marque', 'model', 'merchant', 'marchand', 'shop', 'store', 'app', 'application', 'device', 'label', 'title', 'titre', 'bin', 'iin', 'last4', 'masked',
]);

/** What `header` says its column holds. */
export function headerContext(header: string): HeaderContext {
  const words = headerWords(header);
  const has = (word: string) => words.includes(word);
  let hint: HeaderKind | undefined;
  for (const [a, b, kind] of PAIRS) if (has(a) && has(b)) hint ??= kind;
  for (const word of words) hint ??= WORDS[word];
  if (!hint && has('date') && (has('birth') || has('naissance'))) hint = 'dob';
  const veto = words.some((w) => VETO.has(w));
  // `customer`, `client`: a name unless another word says what of the person it is.
  if (!hint && !veto && words.some((w) => PEOPLE.has(w))) hint = 'person';
  // A name of something else: `product_name`, `city_name`, `file_name`, `company_name`, `username`.
  if (hint === 'person' && (veto || has('user') || has('username') || has('login'))) return { veto: true };
  // A masked or truncated card (`card_last4`, `masked_pan`, `card_bin`) is not the card number.
  if (hint === 'card' && (has('last4') || has('masked') || has('bin') || has('iin') || has('type') || has('brand'))) return { veto: true };
  if (!hint) return { veto };
  const namePart = hint !== 'person' ? undefined : has('first') || has('prenom') || has('firstname') || has('given') || has('givenname') || has('forename') ? 'first' : has('last') || has('surname') || has('lastname') || has('family') || has('familyname') || (has('nom') && !has('complet')) ? 'last' : undefined;
  return namePart ? { hint, namePart, veto: false } : { hint, veto: false };
}
