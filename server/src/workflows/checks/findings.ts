import type { Finding } from '../../common/findings';
import type { FeatureContext } from '../../features/feature';
import type { IndexedFile } from '../../workspace/index';
import { checkRecursiveAliases } from './aliases';
import { checkDeclarations } from './declarations';
import { checkEnvironment } from './environment';
import { checkExpressions } from './expressions';
import { checkExpressionTypes } from './expressionTypes';
import { checkMatrix } from './matrix';
import { checkGiteaIgnored } from './gitea';
import { checkJobs } from './jobs';
import { checkNeeds, checkReferences } from './references';
import { checkRunners } from './runners';
import { checkRunScripts } from './runScripts';
import { checkDeprecatedCommands, checkScriptInjection } from './scripts';
import { checkTriggers } from './triggers';
import { checkUses } from './uses';
import { flavorOf, workflowModel, type CheckContext, type WorkflowData } from '../model/data';
import { workflowKind } from '../model/files';
import { commentsOnly } from '../../yaml/commentsOnly';
import { emptyWorkflowRule } from './rules';
import { t } from '../../l10n/t';

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
