import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { report, type CheckContext } from '../data';
import { get } from '../model';
import { runnerLabelRule } from '../rules';
import { suggest } from '../suggest';
import { t } from '../../l10n/t';

/** Labels of GitHub-hosted runners (standard and larger) and the default self-hosted labels. */
export const githubHostedLabels = [
  'ubuntu-latest', 'ubuntu-24.04', 'ubuntu-22.04', 'ubuntu-slim', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm',
  'windows-latest', 'windows-2025', 'windows-2022', 'windows-11-arm',
  'macos-latest', 'macos-26', 'macos-15', 'macos-14', 'macos-13', 'macos-15-intel',
  'macos-latest-large', 'macos-15-large', 'macos-14-large', 'macos-13-large',
  'macos-latest-xlarge', 'macos-26-xlarge', 'macos-15-xlarge', 'macos-14-xlarge', 'macos-13-xlarge',
];
export const selfHostedLabels = ['self-hosted', 'linux', 'windows', 'macos', 'x64', 'arm', 'arm64'];

/** Images GitHub has retired: a job asking for one waits for a runner that never comes. */
const retired: Record<string, string> = {
  'ubuntu-16.04': 'ubuntu-24.04',
  'ubuntu-18.04': 'ubuntu-24.04',
  'ubuntu-20.04': 'ubuntu-24.04',
  'windows-2016': 'windows-2025',
  'windows-2019': 'windows-2025',
  'macos-10.15': 'macos-15',
  'macos-11': 'macos-15',
  'macos-12': 'macos-15',
};

function labels(node: Node | null | undefined): Scalar<string>[] {
  if (isScalar(node) && typeof node.value === 'string') return [node as Scalar<string>];
  if (isSeq(node)) return node.items.filter((i): i is Scalar<string> => isScalar(i) && typeof i.value === 'string');
  return [];
}

/** runs-on labels: GitHub-hosted, default self-hosted, or configured (archipel.workflows.runnerLabels). */
export function checkRunners(check: CheckContext): void {
  const { model, settings } = check;
  // On Gitea and Forgejo, labels are whatever the registered runners declare.
  if (model.kind !== 'workflow' || model.flavor === 'gitea') return;
  const configured = settings.workflows.runnerLabels.map((l) => l.toLowerCase());
  const known = [...githubHostedLabels, ...selfHostedLabels, ...configured];
  for (const job of model.jobs) {
    const runsOn = job.runsOn?.value;
    if (!runsOn) continue;
    // Larger runners in a group carry custom labels.
    if (isMap(runsOn) && get(runsOn, 'group')) continue;
    const list = labels(isMap(runsOn) ? get(runsOn, 'labels')?.value : runsOn);
    if (list.some((l) => l.value.includes('${{'))) continue;
    const selfHosted = list.some((l) => l.value.toLowerCase() === 'self-hosted');
    for (const label of list) {
      const name = label.value.toLowerCase();
      const [start, end] = label.range!;
      const replacement = retired[name];
      if (replacement) {
        report(check, runnerLabelRule.id, start, end, t('GitHub retired the {0} runner image: the job would wait for a runner forever. Use {1} (or {2}-latest).', label.value, replacement, replacement.split('-')[0]));
        continue;
      }
      if (selfHosted || known.includes(name)) continue;
      const near = suggest(name, known);
      report(
        check,
        runnerLabelRule.id,
        start,
        end,
        t('Unknown runner label "{0}": not a GitHub-hosted runner.{1} For a self-hosted runner, add "self-hosted" or list the label in archipel.workflows.runnerLabels.', label.value, near.hint),
        near.data,
      );
    }
  }
}
