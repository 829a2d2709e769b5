// The value checks (issue #65) on published examples: Luhn and the card ranges, the IBAN's mod-97
// and layout, the NIR's key (Corsica's 2A/2B), IP addresses, dates; the regions inside the EEA.
import assert from 'node:assert/strict';
import { freeTextCounts } from '../../../src/privacy/freeText';
import { columnVerdict, valueVerdict } from '../../../src/privacy/columns';
import { headerContext } from '../../../src/privacy/headers';
import { placeOf } from '../../../src/privacy/regions';
import { isCardNumber, isEmail, isIban, isIp, isNir, isPhone, isSiren, isSiret, luhn, parseDate, valueKinds } from '../../../src/privacy/values';

/** 40 SIRET numbers (a SIREN passing Luhn, a NIC, the 14 digits passing Luhn), generated with a fixed seed. */
const SIRETS = ['12659276539698', '68488749005316', '68691088659573', '89827540918083', '40434216452139', '53361464059668', '41108666329182', '59634338481365', '97129771885523', '76685667853318', '49246490441989', '82837214478485', '59107851487168', '29147600029462', '91022350278762', '94995827629500', '61299260222561', '37315037421996', '24504421906184', '34643047371452', '70644497313908', '63725352773671', '83568257685186', '41892551771513', '85495370019028', '18887224602607', '51270245776791', '73140127970412', '54106510877608', '27071971906318', '69826396910008', '22892207658844', '49582098731995', '29440931359918', '10191730079055', '59044311514960', '50684487725467', '23826421209215', '45542383024138', '22232569884870'];
/** The 9 of them a card's checks alone accept (Maestro/Discover 50, 56–69, at 14 digits). */
const CARD_LIKE_SIRETS = ['68488749005316', '68691088659573', '59634338481365', '59107851487168', '61299260222561', '63725352773671', '69826396910008', '59044311514960', '50684487725467'];
const SIRENS = ['703529768', '324451533', '481084788', '276159126', '219769049', '313367062', '893446641', '362874323', '574255006', '307191585', '105616379', '137566212', '914434428', '598400232', '461706277', '504153800', '798106662', '817626195', '283849297', '176969442'];

describe('privacy: value checks', () => {
  it('cards: Luhn and an issuer\'s range and length (Mastercard 2221–2720 included)', () => {
    assert.ok(luhn('4111111111111111'));
    assert.ok(!luhn('4111111111111112'));
    assert.deepEqual(['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', '2223003122003222', '378282246310005', '6011111111111117', '3530111333300000'].map(isCardNumber), [true, true, true, true, true, true, true]);
    // Luhn-valid but no issuer's: a 16-digit number starting with 1 or 2024; mixed separators.
    assert.deepEqual(['1000384747875447', '2024256038138869', '4111 1111-1111 1111'].map(isCardNumber), [false, false, false]);
  });

  it('IBAN: mod-97 and the country\'s length and layout', () => {
    assert.deepEqual(['FR7630006000011234567890189', 'FR76 3000 6000 0112 3456 7890 189', 'DE89370400440532013000', 'GB29NWBK60161331926819'].map(isIban), [true, true, true, true]);
    assert.deepEqual(['FR7630006000011234567890188', 'DE8937040044053201300', 'GB29NWBK6016133192681A'].map(isIban), [false, false, false]);
  });

  it('NIR: the key is 97 − (the 13 digits mod 97), 2A → 19 and 2B → 18 (python-stdnum\'s examples)', () => {
    assert.deepEqual(['2 95 10 99 126 111 93', '253072B07300470', '253072A07300443', '195109912611146'].map(isNir), [true, true, true, true]);
    assert.deepEqual(['295109912611199', '195109912611151', '995109912611146'].map(isNir), [false, false, false]);
  });

  it('IP addresses, e-mails, phones, dates', () => {
    assert.deepEqual(['10.0.0.1', '0.0.0.0/0', '::1', '2001:db8::1', 'fe80::1%eth0', '::ffff:192.168.1.1'].map(isIp), [true, true, true, true, true, true]);
    assert.deepEqual(['256.1.1.1', '1.2.3', '2001::db8::1', '::ffff:256.0.0.1'].map(isIp), [false, false, false, false]);
    assert.deepEqual(['ana@example.com', 'icon@2x.png', '@handle', 'support@'].map(isEmail), [true, false, false, false]);
    assert.deepEqual(['+33 6 12 34 56 78', '06.12.34.56.78', '(415) 555-0176', '1684759037', '13299'].map(isPhone), [true, true, true, false, false]);
    assert.deepEqual(parseDate('17/12/1936'), { year: 1936, month: 12, day: 17 });
    assert.deepEqual(parseDate('2024-02-30'), undefined);
    assert.deepEqual(valueKinds('2021-05-21'), ['date']);
  });

  it('headers in English and French', () => {
    assert.deepEqual(headerContext('date_naissance'), { hint: 'dob', veto: false });
    assert.deepEqual(headerContext('customerFirstName'), { hint: 'person', namePart: 'first', veto: false });
    assert.deepEqual(headerContext('card_holder'), { hint: 'person', veto: false });
    assert.deepEqual(headerContext('card_last4'), { veto: true });
    assert.deepEqual(headerContext('order_id'), { veto: true });
    assert.deepEqual(headerContext('product_name'), { veto: true });
  });

  it('places inside and outside the EU/EEA (London and Zurich are outside)', () => {
    assert.deepEqual(['FR', 'deu', 'eu-west-3', 'europe-west9', 'westeurope', 'EU'].map(placeOf), ['eea', 'eea', 'eea', 'eea', 'eea', 'eea']);
    assert.deepEqual(['US', 'us-east-1', 'eu-west-2', 'europe-west6', 'eastus', 'asia-northeast1', 'GB'].map(placeOf), ['outside', 'outside', 'outside', 'outside', 'outside', 'outside', 'outside']);
    assert.equal(placeOf('on premises'), undefined);
  });

  it('SIRET and SIREN: read before a card; a column of them is a company-identifier column, never a card column', () => {
    assert.deepEqual(['732 829 320', '732829320', '732829321', '73282932', '732-829-320'].map(isSiren), [true, true, false, false, false]);
    // The SIREN's key and the whole number's; La Poste's establishments (SIREN 356000000): digit sum a multiple of 5.
    assert.deepEqual(['732 829 320 00074', '73282932000074', '73282932000075', '73282932100074', '35600000012346', '35600000012345'].map(isSiret), [true, true, false, false, true, false]);
    assert.equal(SIRETS.filter(isSiret).length, 40);
    // What a card's checks alone accept among them: read as cards before SIRET came first.
    const asCards = SIRETS.filter(isCardNumber);
    assert.deepEqual(asCards, CARD_LIKE_SIRETS);
    assert.deepEqual(valueKinds(asCards[0]), ['siret', 'card']);
    assert.deepEqual(SIRETS.map((v) => valueVerdict(v, '', 2026)), SIRETS.map(() => 'siret'));
    assert.deepEqual(SIRENS.map((v) => valueVerdict(v, '', 2026)), SIRENS.map(() => 'siren'));
    // Alone, a value both a SIRET and a 14-digit Diners number is the card (Presidio's synthetic Diners numbers).
    assert.deepEqual(valueKinds('30579675742677'), ['siret', 'card']);
    assert.equal(valueVerdict('30579675742677', '', 2026), 'card');
    // Under a card header, one value alone is what its header says; a column of them is not.
    assert.equal(valueVerdict(asCards[0], 'card_number', 2026), 'card');
    for (const header of ['', 'x', 'number', 'card_number', 'siret']) {
      assert.deepEqual(columnVerdict(header, SIRETS, 2026), { categories: [], rows: 40, matching: 40, byHeader: false, identifier: 'siret' }, header);
      assert.deepEqual(columnVerdict(header, SIRENS, 2026), { categories: [], rows: 20, matching: 20, byHeader: false, identifier: 'siren' }, header);
    }
    // Real cards stay cards: 14-digit Diners numbers and 16-digit cards under no header.
    assert.deepEqual(columnVerdict('', ['30569309025904', '38520000023237', '4111111111111111', '5555555555554444', '378282246310005'], 2026), { kind: 'card', categories: ['user.financial.credit_card'], rows: 5, matching: 5, byHeader: false });
  });

  it('French first names (INSEE\'s file, #78): a column of them is a name column with no header', () => {
    // Rare in the United States, common in France: none was found before INSEE's list.
    const names = ['Manon', 'Maëlys', 'Clémence', 'Anaïs Girard', 'Timothée Roux', 'Jean-Baptiste Morel', 'Éloïse', 'Gwenaëlle', 'Maximilien', 'Solène'];
    assert.deepEqual(names.map((n) => valueKinds(n)), names.map(() => ['person']));
    assert.deepEqual(columnVerdict('', names, 2026), { kind: 'person', categories: ['user.name'], rows: 10, matching: 10, byHeader: false });
    // Not a name: lower case, a particle of two letters, a word that is no first name.
    assert.deepEqual(['manon', 'De', 'Boulangerie'].map((n) => valueKinds(n)), [[], [], []]);
  });

  it('postal addresses (#78): a number and a street type, a post box, a postcode and its town; their headers', () => {
    const addresses = ['12 rue de la Paix', '12 bis, avenue Victor Hugo', '3 place Bellecour, 69002 Lyon', '75002 Paris', 'BP 1234', '1600 Pennsylvania Avenue NW', 'Springfield, IL 62704', 'Hauptstraße 5', 'Via dei Fiorentini 17', 'ul. Cicha 86'];
    assert.deepEqual(addresses.map((a) => valueKinds(a)), addresses.map(() => ['address']));
    // A road's number, a suite, a product, a postcode alone: not an address.
    assert.deepEqual(['Route 66', 'Suite 464', 'Windows 10', '75002', 'rue de la Paix'].map((a) => valueKinds(a)), [[], [], [], [], []]);
    assert.deepEqual(['adresse', 'billing_address', 'street', 'email_address', 'ip_address'].map((h) => headerContext(h).hint), ['address', 'address', 'address', 'email', 'ip']);
    assert.deepEqual(columnVerdict('adresse_postale', ['12 rue de la Paix', '3 place Bellecour, 69002 Lyon', '', 'voir plus haut'], 2026), { kind: 'address', categories: ['user.contact.address'], rows: 3, matching: 2, byHeader: true });
  });

  it('free text (#78): e-mails, phones and names among the words of a comment column, bounded; dates and versions are no phones', () => {
    const notes = ['Client rappelé le 12/03, préfère être contacté au 06 12 34 56 78.', 'Jean Dupont a demandé une facture à jean.dupont@example.org', 'RAS', 'Livraison reportée, voir avec Maëlys Girard (service client).', 'Colis abîmé, remboursé.'];
    assert.deepEqual(columnVerdict('commentaire', notes, 2026), { categories: ['user.contact.email', 'user.contact.phone_number', 'user.name'], rows: 5, matching: 2, byHeader: false, freeText: true });
    assert.deepEqual(columnVerdict('customer_notes', ['Call me at +1 (415) 555-0132 tomorrow', 'ok'], 2026), { categories: ['user.contact.phone_number'], rows: 2, matching: 1, byHeader: false, freeText: true });
    // An order number, a date, a version, one capitalised pair that may be a name (a name needs two rows): nothing.
    assert.deepEqual(columnVerdict('notes', ['Livraison en retard de 2 jours', 'Commande 12345678 annulée le 2024-03-01', 'Version 1.2.3.4 installée', 'Rose Garden Hotel, Paris'], 2026), { categories: [], rows: 4, matching: 0, byHeader: false });
    // A header that names no free text (issue #95): its sentences are read still, for what their checks prove (an e-mail,
    // a phone), not for names (a title's capitalised pairs are no one).
    assert.deepEqual(columnVerdict('historique', notes, 2026), { categories: ['user.contact.email', 'user.contact.phone_number'], rows: 5, matching: 1, byHeader: false, freeText: true });
    // Short labels are no text: not read.
    assert.deepEqual(columnVerdict('historique', ['ok', 'vu', 'Mme Martin', 'RAS'], 2026).categories, []);
    // Only the first 200 rows, the first 2,000 characters of each.
    const late = [...Array.from({ length: 200 }, () => 'RAS'), 'écrire à marie@example.org'];
    assert.deepEqual(columnVerdict('notes', late, 2026).categories, []);
    assert.deepEqual(columnVerdict('notes', [`${'x '.repeat(1000)}marie@example.org`], 2026).categories, []);
  });

  it('free text (#95): cards by Luhn, IBANs by mod 97, NIRs by their key, e-mails with accented local parts, in any text column; places named after people are places', () => {
    // Test numbers: Visa's 4111 1111 1111 1111, the IBAN registry's French example, INSEE's documented NIR shape with its key.
    const rows = [
      'Payé par carte 4111 1111 1111 1111 le 3 mars, merci.',
      'Virement reçu depuis FR76 3000 6000 0112 3456 7890 189 comme convenu.',
      "N° de sécurité sociale transmis : 2 69 05 49 588 157 80 pour le dossier.",
      'Écrire à élodie.müller@example.fr pour la suite.',
    ];
    assert.deepEqual(columnVerdict('suivi', rows, 2026), { categories: ['user.contact.email', 'user.financial.credit_card', 'user.financial.bank_account', 'user.government_id.national_identification_number'], rows: 4, matching: 1, byHeader: false, freeText: true });
    // One digit off: the checks fail, nothing (and no phone either: too long for one).
    const wrong = ['Payé par carte 4111 1111 1111 1112 le 3 mars, merci.', 'Virement reçu depuis FR76 3000 6000 0112 3456 7890 188 comme convenu.', 'Dossier numéro 2 69 05 49 588 157 81 transmis hier.'];
    assert.deepEqual(columnVerdict('suivi', wrong, 2026).categories, []);
    // `rue Victor Hugo`, `lycée Jean Moulin`: places, not persons, even in a comment column.
    assert.deepEqual(columnVerdict('commentaire', ['Livré au 12 rue Victor Hugo, Lyon.', 'Retrait au lycée Jean Moulin le mardi.', 'Déposé avenue Victor Hugo.'], 2026).categories, []);
    assert.deepEqual(columnVerdict('commentaire', ['Livré à Victor Hugo en personne.', 'Vu avec Jean Moulin hier.'], 2026).categories, ['user.name']);
  });

  it('free text (#95): plain numbers are no phone, cards and IBANs glued to their label or in lower case, e-mails typed with combining accents', () => {
    const kinds = (text: string) => [...freeTextCounts([text]).keys()];
    // Counts, years, lots and references in a sentence: no phone (each passed as one before), nor a card (Luhn fails).
    const plain = ['Saison 2024 2025 terminée.', 'Commande 1234 5678 livrée hier.', 'Total 12 345 678 unités vendues.', 'Lot 100 200 300 400 expédié.', 'Facture 2023-1234-5678 réglée.', 'Entre 10 20 30 40 50 ans.', 'Réf 4111111111111112 annulée.'];
    assert.deepEqual(plain.map(kinds), plain.map(() => []));
    assert.deepEqual(columnVerdict('description', plain, 2026).categories, []);
    // A phone still: its own shape, or digit groups after a phone word.
    const phones = ['Tél. 01 23 45 67 89 le soir.', 'tél. 12 34 56 78 le soir.', 'Call 415-555-0132 now.', 'rdv à 12:30 au 06 12 34 56 78', 'Contact tel:0612345678 merci'];
    assert.deepEqual(phones.map(kinds), phones.map(() => ['phone']));
    // `n°4111…`, `IBAN:FR76…`, an IBAN in lower case, `e` + U+0301 typed for `é`.
    assert.deepEqual(['Payé par carte n°4111111111111111 hier.', 'IBAN:FR7630006000011234567890189 à créditer.', 'iban fr76 3000 6000 0112 3456 7890 189 à créditer.', 'Écrire à e\u0301lodie.mu\u0308ller@example.fr demain.'].map(kinds), [['card'], ['iban'], ['iban'], ['email']]);
  });
});
