/** ISO-8601 calendar dates, and the day-first dates French and European teams write instead. */

function valid(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` naming a real day. */
export function isIsoDate(raw: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  return !!match && valid(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * The ISO form of a date written day first (`31/01/2024`, `31.01.2024`, `31-01-2024`) or year
 * first with slashes (`2024/01/31`); undefined when the text is no such date.
 */
export function isoFromWritten(raw: string): string | undefined {
  const text = raw.trim();
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dayFirst) {
    const [day, month, year] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
    return valid(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : undefined;
  }
  const yearFirst = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(text);
  if (yearFirst) {
    const [year, month, day] = [Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])];
    return valid(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : undefined;
  }
  return undefined;
}

/** Today as YYYY-MM-DD in local time (the date a new ADR gets). */
export function today(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
