// The seeded generator and the check digits of the example's synthetic data (generate-transactions.mjs):
// the same values on every run and machine, card numbers that pass Luhn, IBAN and NIR keys by mod 97.
// Archipel's privacy benchmark (bench/privacy-scan.bench.mjs) generates its large file with them too.

/** mulberry32: a small seeded generator. */
export function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** The Luhn check digit of a card number's body. */
export function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
/** A string of digits modulo 97 (IBAN and NIR keys). */
export function mod97(text) {
  let rest = 0;
  for (const ch of text) rest = (rest * 10 + Number(ch)) % 97;
  return rest;
}
