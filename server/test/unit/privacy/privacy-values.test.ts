// The value checks (issue #65) on published examples: Luhn and the card ranges, the IBAN's mod-97
// and layout, the NIR's key (Corsica's 2A/2B), IP addresses, dates; the regions inside the EEA.
import assert from 'node:assert/strict';
import { headerContext } from '../../../src/privacy/headers';
import { placeOf } from '../../../src/privacy/regions';
import { isCardNumber, isEmail, isIban, isIp, isNir, isPhone, luhn, parseDate, valueKinds } from '../../../src/privacy/values';

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
});
