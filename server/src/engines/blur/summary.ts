import path from 'node:path';
import { summarizeJob } from '../core/summary';
import { t } from '../../l10n/t';
import type { BlurFileReport, BlurResponse, JobSummary } from '../../protocol';

export type BlurSummary = JobSummary;

/** Regions per class over every result, most frequent first: "face 23, plate 2". */
export function regionsPerClass(response: { results: readonly BlurFileReport[] }): string {
  const counts = new Map<string, number>();
  for (const r of response.results) for (const region of r.regions) counts.set(region.class, (counts.get(region.class) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

/** What a Blur or Detect run did: images, regions per class, time per image, failures with reasons. */
export function summarize(response: Omit<BlurResponse, 'summary'>, mode: 'detect' | 'blur'): BlurSummary {
  return summarizeJob(response, {
    done: (ok) => {
      const regions = ok.reduce((n, r) => n + r.regions.length, 0);
      const classes = regionsPerClass({ results: ok });
      const perImage = ok.length > 0 ? Math.round(ok.reduce((n, r) => n + r.ms, 0) / ok.length) : 0;
      const found = regions === 1 ? t('1 region{0}', classes ? ` (${classes})` : '') : t('{0} regions{1}', regions, classes ? ` (${classes})` : '');
      if (mode === 'blur') return ok.length === 1 ? t('Blurred 1 image: {0}, {1} ms per image', found, perImage) : t('Blurred {0} images: {1}, {2} ms per image', ok.length, found, perImage);
      return ok.length === 1 ? t('Detected in 1 image: {0}, {1} ms per image', found, perImage) : t('Detected in {0} images: {1}, {2} ms per image', ok.length, found, perImage);
    },
    nothing: t('No image found (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF).'),
    detail: (r) => {
      const perFile = regionsPerClass({ results: [r] });
      const target = r.output ? ` → ${path.basename(r.output)}` : r.sidecar ? ` → ${path.basename(r.sidecar)}` : '';
      const stages = `decode ${Math.round(r.stages.decode)}, detect ${Math.round(r.stages.detect)}, render ${Math.round(r.stages.render)}, encode ${Math.round(r.stages.encode)} ms`;
      const notes = r.notes.map((n) => `\n  note: ${n}`).join('');
      return `${r.file}: ${r.regions.length} region(s)${perFile ? ` (${perFile})` : ''}${target}, ${r.ms} ms (${stages})${notes}`;
    },
  });
}
