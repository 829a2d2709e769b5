/**
 * One feature's drift in words, with the statistic named and a verdict first: "drift: yes, KS p =
 * 0.000 (drift when p ≤ 0.05)". A bare "ks 0.000" read like "no drift" while it was a p-value
 * saying the opposite (issue #28).
 */
import type { FeatureDrift } from '../protocol/predict';
import { t } from '../l10n/t';

/** The statistic's name as the reader knows it, and the side of the threshold that means drift. */
export const driftStatistic = {
  ks: { name: 'KS p', short: 'p', driftWhen: '≤' },
  wasserstein: { name: 'Wasserstein', short: 'Wasserstein', driftWhen: '≥' },
  psi: { name: 'PSI', short: 'PSI', driftWhen: '≥' },
} as const satisfies Record<FeatureDrift['method'], { name: string; short: string; driftWhen: string }>;

export function formatDriftScore(score: number): string {
  return score !== 0 && Math.abs(score) < 0.001 ? score.toExponential(1) : score.toFixed(3);
}

export function driftText(f: Pick<FeatureDrift, 'method' | 'score' | 'threshold' | 'drift'>): string {
  const s = driftStatistic[f.method];
  const score = formatDriftScore(f.score);
  return f.drift
    ? t('drift: yes, {0} = {1} (drift when {2} {3} {4})', s.name, score, s.short, s.driftWhen, f.threshold)
    : t('drift: no, {0} = {1} (drift when {2} {3} {4})', s.name, score, s.short, s.driftWhen, f.threshold);
}
