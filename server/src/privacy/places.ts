/**
 * Known place names (issue #95): France's communes (communesFr.ts, INSEE's Code officiel
 * géographique) and the world's countries and territories in English and French — the Unicode
 * CLDR names the JavaScript runtime carries (Intl.DisplayNames), with regions.ts's own. Many hold a first name
 * (`Saint Alban`, `Bourg Saint Christophe`, `Sierra Leone`): the person checks of values.ts and
 * freeText.ts ask here first, and a name of two words or more that is a known place is a place, not a
 * person (one word both a first name and a place, `Marie`, `Chad`, stays a name).
 */
import { FRENCH_COMMUNES_BR64 } from './communesFr';
import { frontDecoded } from './frontCoded';
import { countryNames } from './regions';

/** The longest place name in words (`Saint Martin de la Porte…` are eight); longer runs are never looked up. */
const MAX_PLACE_WORDS = 8;

/** A place's key: lower case, diacritics folded, each run of other characters one space, `st`/`ste` as `saint`/`sainte`. */
export function placeKey(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((w) => (w === 'st' ? 'saint' : w === 'ste' ? 'sainte' : w)).join(' ');
}

interface Places {
  keys: Set<string>;
  /** The first word of every place of two words or more: a run of words is looked up only from one of these. */
  firstWords: Set<string>;
}

let places: Places | undefined;
/** The communes (front-coded, Brotli, base64; decoded on first use) and the countries' names. */
function knownPlaces(): Places {
  if (places) return places;
  const keys = new Set<string>(frontDecoded(FRENCH_COMMUNES_BR64, '|'));
  for (const name of [...countryNames(), ...cldrCountryNames()]) keys.add(placeKey(name));
  const firstWords = new Set<string>();
  for (const key of keys) {
    const space = key.indexOf(' ');
    if (space > 0) firstWords.add(key.slice(0, space));
  }
  places = { keys, firstWords };
  return places;
}

/** ISO 3166-1 alpha-2 codes the CLDR names (`JO` → Jordan, Jordanie), private-use and unknown codes left out. */
function cldrCountryNames(): string[] {
  const names: string[] = [];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const language of ['en', 'fr']) {
    let display: Intl.DisplayNames;
    try {
      display = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    } catch {
      continue; // a runtime without ICU data: regions.ts's countries only
    }
    for (const a of letters) {
      for (const b of letters) {
        const code = a + b;
        if (/^(?:AA|Q[M-Z]|X[A-Z]|ZZ)$/.test(code)) continue;
        const name = display.of(code);
        if (name && name !== code) names.push(name);
      }
    }
  }
  return names;
}

/** Whether a whole value is a known place (`Saint-Étienne`, `ST ALBAN`, `Pays-Bas`, `Nancy`). */
export const isPlaceName = (value: string): boolean => value.length <= 120 && knownPlaces().keys.has(placeKey(value));

/**
 * The number of words from `i` that name a known place of two words or more (the longest; 0 when
 * none): in free text, `Saint Alban` or `Bourg Saint Christophe` is read as one place, so no name
 * starts inside it. At most MAX_PLACE_WORDS lookups per word.
 */
export function placeWordsAt(words: readonly string[], i: number): number {
  const { keys, firstWords } = knownPlaces();
  const first = placeKey(words[i]);
  if (!firstWords.has(first)) return 0;
  let key = first;
  let longest = 0;
  for (let end = i + 1; end < words.length && end - i < MAX_PLACE_WORDS; end++) {
    const next = placeKey(words[end]);
    if (next === '') break;
    key += ` ${next}`;
    if (keys.has(key)) longest = end - i + 1;
  }
  return longest;
}
