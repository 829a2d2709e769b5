import type { Finding } from '../common/findings';
import type { FeatureContext } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import { checkExpressions } from './checks/expressions';
import { checkGiteaIgnored } from './checks/gitea';
import { checkJobs } from './checks/jobs';
import { checkNeeds, checkReferences } from './checks/references';
import { checkRunners } from './checks/runners';
import { checkDeprecatedCommands, checkScriptInjection } from './checks/scripts';
import { checkTriggers } from './checks/triggers';
import { checkUses } from './checks/uses';
import { flavorOf, workflowModel, type CheckContext, type WorkflowData } from './data';

const checks: ((check: CheckContext) => void)[] = [
  checkJobs,
  checkNeeds,
  checkExpressions,
  checkReferences,
  checkTriggers,
  checkUses,
  checkRunners,
  checkScriptInjection,
  checkDeprecatedCommands,
  checkGiteaIgnored,
];

/**
 * Every workflow finding of a file: the schema walk (cached with the model) and the checks, which
 * read the model, the settings and, for local actions and reusable workflows, the index.
 */
export function workflowFindings(file: IndexedFile, data: WorkflowData, context: FeatureContext): { offset: number; findings: Finding[] } | undefined {
  const model = workflowModel(file, data, flavorOf(file.uri, context.settings));
  if (!model || model.syntaxErrors) return undefined;
  const check: CheckContext = { model, data, index: context.index, settings: context.settings, findings: [...model.structure.findings] };
  for (const run of checks) {
    if (context.isCancelled()) break;
    run(check);
  }
  // In the order of the file, as the CLI lists them.
  return { offset: model.offset, findings: check.findings.sort((a, b) => a.start - b.start || a.end - b.end) };
}
