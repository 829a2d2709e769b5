import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { report, type CheckContext } from '../model/data';
import { get, type JobModel } from '../model/model';
import { runnerLabelRule } from './rules';
import { suggest } from './suggest';
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

/** The operating system of a GitHub-hosted or default self-hosted label (undefined for other labels). */
function systemOf(label: string): string | undefined {
  const name = label.toLowerCase();
  if (name === 'linux' || name.startsWith('ubuntu-')) return 'linux';
  if (name === 'windows' || name.startsWith('windows-')) return 'windows';
  if (name === 'macos' || name.startsWith('macos-')) return 'macos';
  return undefined;
}

/** Two labels one runner cannot both carry: two GitHub-hosted images, or an image and another system. */
function conflicts(hosted: string, other: string): boolean {
  if (hosted.toLowerCase() === other.toLowerCase()) return false;
  if (githubHostedLabels.includes(other.toLowerCase())) return true;
  const system = systemOf(other);
  return system !== undefined && !githubHostedLabels.includes(other.toLowerCase()) && system !== systemOf(hosted);
}

/** The literal string values of matrix.<name> in a job's strategy (none when an expression computes them). */
function matrixLabels(job: JobModel, expression: string): Scalar<string>[] {
  const name = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(expression.trim())?.[1];
  const matrix = get(get(job.node, 'strategy')?.value, 'matrix')?.value;
  if (!name || !isMap(matrix)) return [];
  const values = get(matrix, name)?.value;
  return isSeq(values) ? values.items.filter((i): i is Scalar<string> => isScalar(i) && typeof i.value === 'string' && !i.value.includes('${{')) : [];
}

/**
 * A runs-on list is every label the runner must carry: a GitHub-hosted image with another image or
 * another system (`[ubuntu-latest, windows-latest]`, or a matrix value that makes one) matches no runner.
 */
function checkConflicts(check: CheckContext, job: JobModel, list: Scalar<string>[]): void {
  const hosted = list.find((l) => githubHostedLabels.includes(l.value.toLowerCase()));
  if (!hosted) return;
  for (const label of list) {
    const candidates = label.value.includes('${{') ? matrixLabels(job, label.value) : label === hosted ? [] : [label];
    for (const other of candidates) {
      if (!conflicts(hosted.value, other.value) || !other.range) continue;
      report(check, runnerLabelRule.id, other.range[0], other.range[1], t('runs-on asks for one runner with both "{0}" and "{1}", which no runner has: the job never starts. To run on each, make them a matrix.', hosted.value, other.value));
    }
  }
}

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
    checkConflicts(check, job, list);
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
