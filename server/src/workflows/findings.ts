import type { Finding } from '../common/findings';
import type { FeatureContext } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import { checkRecursiveAliases } from './checks/aliases';
import { checkDeclarations } from './checks/declarations';
import { checkEnvironment } from './checks/environment';
import { checkExpressions } from './checks/expressions';
import { checkExpressionTypes } from './checks/expressionTypes';
import { checkMatrix } from './checks/matrix';
import { checkGiteaIgnored } from './checks/gitea';
import { checkJobs } from './checks/jobs';
import { checkNeeds, checkReferences } from './checks/references';
import { checkRunners } from './checks/runners';
import { checkRunScripts } from './checks/runScripts';
import { checkDeprecatedCommands, checkScriptInjection } from './checks/scripts';
import { checkTriggers } from './checks/triggers';
import { checkUses } from './checks/uses';
import { flavorOf, workflowModel, type CheckContext, type WorkflowData } from './data';
import { workflowKind } from './files';
import { commentsOnly } from '../yaml/commentsOnly';
import { emptyWorkflowRule } from './rules';
import { t } from '../l10n/t';

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
  checkRunScripts,
  checkGiteaIgnored,
  checkDeclarations,
  checkMatrix,
  checkEnvironment,
  checkExpressionTypes,
  checkRecursiveAliases,
];

/**
 * Every workflow finding of a file: the schema walk (cached with the model) and the checks, which
 * read the model, the settings and, for local actions and reusable workflows, the index.
 */
export function workflowFindings(file: IndexedFile, data: WorkflowData, context: FeatureContext): { offset: number; findings: Finding[] } | undefined {
  if (workflowKind(file.uri) === 'workflow' && !file.skipped && commentsOnly(file.text)) {
    return { offset: 0, findings: [{ start: 0, end: 0, code: emptyWorkflowRule.id, message: t('This workflow file is empty: GitHub lists it as an invalid workflow. Write on: and jobs:, or delete the file.') }] };
  }
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
