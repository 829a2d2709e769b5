import { isMap } from 'yaml';
import { report, type CheckContext } from '../model/data';
import { get } from '../model/model';
import { giteaIgnoredRule } from './rules';
import { t } from '../../l10n/t';

/**
 * Keys Gitea Actions reads but ignores (Gitea 1.25, docs "Compared to GitHub Actions"), with why;
 * functions, so the reason is in the language chosen after this module loads.
 */
const ignoredAtRoot: Record<string, () => string> = {
  concurrency: () => t('Gitea runs every workflow run; concurrency groups are ignored'),
  permissions: () => t('the Gitea token has fixed permissions; permissions: is ignored'),
};
const ignoredInJob: Record<string, () => string> = {
  concurrency: () => t('Gitea runs every job; concurrency groups are ignored'),
  permissions: () => t('the Gitea token has fixed permissions; permissions: is ignored'),
  'timeout-minutes': () => t('Gitea ignores job timeouts (the runner\'s own timeout applies)'),
  'continue-on-error': () => t('Gitea ignores continue-on-error on jobs'),
  environment: () => t('Gitea has no deployment environments; environment: is ignored'),
};

/** In Gitea mode, what Gitea silently ignores is said once, as information, on the key. */
export function checkGiteaIgnored(check: CheckContext): void {
  const { model } = check;
  if (model.kind !== 'workflow' || model.flavor !== 'gitea') return;
  const root = model.doc.contents;
  for (const [key, why] of Object.entries(ignoredAtRoot)) {
    const pair = get(root, key);
    if (pair) report(check, giteaIgnoredRule.id, pair.key.range![0], pair.key.range![1], t('Gitea ignores "{0}": {1}.', key, why()));
  }
  for (const job of model.jobs) {
    for (const [key, why] of Object.entries(ignoredInJob)) {
      const pair = get(job.node, key);
      if (pair) report(check, giteaIgnoredRule.id, pair.key.range![0], pair.key.range![1], t('Gitea ignores "{0}" in job "{1}": {2}.', key, job.id, why()));
    }
    if (job.runsOn && isMap(job.runsOn.value)) {
      const [start, end] = job.runsOn.key.range!;
      report(check, giteaIgnoredRule.id, start, end, t('Gitea only understands runs-on: label or runs-on: [labels]; runner groups and the labels: mapping are ignored.'));
    }
  }
}
