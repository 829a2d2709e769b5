/**
 * Action Priority (AP) of the AIAG & VDA FMEA handbook (2019), as transcribed publicly, for
 * ratings on 1–10 scales. Bands: S 9–10 / 7–8 / 4–6 / 2–3 / 1, O 8–10 / 6–7 / 4–5 / 2–3 / 1,
 * D 7–10 / 5–6 / 2–4 / 1. Each branch below is one line of that transcription.
 */
import { t } from '../l10n/t';

export type ActionPriority = 'H' | 'M' | 'L';

/** What an AP level asks for, in the user's language (a function: the language is chosen after this module loads). */
export function priorityMeaning(ap: ActionPriority): string {
  switch (ap) {
    case 'H':
      return t('High: action needed to improve prevention or detection controls, or a written justification why current controls are adequate');
    case 'M':
      return t('Medium: action should be taken to improve controls, or the company should justify why controls are adequate');
    case 'L':
      return t('Low: action could be taken to improve prevention or detection controls');
  }
}

/** True when a value can be looked up in the AP table (an integer from 1 to 10). */
export function isApRating(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 10;
}

export function actionPriority(s: number, o: number, d: number): ActionPriority {
  if (!isApRating(s) || !isApRating(o) || !isApRating(d)) throw new RangeError(`AP needs ratings from 1 to 10, got S ${s}, O ${o}, D ${d}`);
  if (s >= 9) {
    if (o >= 6) return 'H';
    if (o >= 4) return d === 1 ? 'M' : 'H';
    if (o >= 2) return d >= 7 ? 'H' : d >= 5 ? 'M' : 'L';
    return 'L';
  }
  if (s >= 7) {
    if (o >= 8) return 'H';
    if (o >= 6) return d === 1 ? 'M' : 'H';
    if (o >= 4) return d >= 7 ? 'H' : 'M';
    if (o >= 2) return d >= 5 ? 'M' : 'L';
    return 'L';
  }
  if (s >= 4) {
    if (o >= 8) return d >= 5 ? 'H' : 'M';
    if (o >= 6) return d === 1 ? 'L' : 'M';
    if (o >= 4) return d >= 7 ? 'M' : 'L';
    return 'L';
  }
  if (s >= 2) return o >= 8 && d >= 5 ? 'M' : 'L';
  return 'L';
}
