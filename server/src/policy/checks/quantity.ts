/**
 * Kubernetes quantities (`500m`, `1Gi`, `2e3`) and Go durations (`1h30m`), as Kyverno compares them in patterns and
 * conditions. Values are compared as numbers (a quantity's exact decimal form is not needed for ordering at these sizes).
 */
const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** A quantity's value, or undefined when the text is not one. */
export function parseQuantity(text: string): number | undefined {
  const found = QUANTITY.exec(text.trim());
  if (!found) return undefined;
  const base = Number(found[1]);
  if (found[2] !== undefined) return base * 10 ** Number(found[2].slice(1));
  return base * (SUFFIXES[found[3] ?? ''] ?? 1);
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** A Go duration in milliseconds (`1h30m`, `-5s`, `0`), or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  let at = 0;
  while (at < rest.length) {
    DURATION_PART.lastIndex = at;
    const part = DURATION_PART.exec(rest);
    if (!part) return undefined;
    total += Number(part[1]) * (DURATION_UNITS[part[2] ?? ''] ?? 0);
    at = DURATION_PART.lastIndex;
  }
  return sign * total;
}
