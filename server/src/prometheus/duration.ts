/** Prometheus's duration syntax (common/model.ParseDuration): units in order y w d h m s ms, or `0`. */
const pattern = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const unitMs = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/** The duration in milliseconds, or undefined when Prometheus would reject the text. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const match = pattern.exec(text);
  if (!match) return undefined;
  let total = 0;
  for (let i = 0; i < unitMs.length; i++) if (match[i + 1] !== undefined) total += Number(match[i + 1]) * unitMs[i];
  return total;
}

/** A YAML value read as Go reads a duration field: a string, or a number written without quotes (`for: 0`). */
export function durationValue(value: unknown): number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? parseDuration(String(value)) : undefined;
}
