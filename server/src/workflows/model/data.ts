import type { Finding } from '../../common/findings';
import type { ArchipelSettings } from '../../settings';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { actionKey, findLocalAction, PopularActions, type ActionInfo, type PopularActionsFile, type UsesRef } from './actions';
import type { ContextDescriptions } from './contexts';
import { flavorOf, workflowKind, type Flavor, type WorkflowKind } from './files';
import type { Node } from 'yaml';
import { buildModel, get, stringOf, type JobModel, type StepModel, type WorkflowFileModel, type WorkflowSchemas } from './model';
import { TemplateSchema, type TemplateSchemaFile } from './schema';

/** Everything the workflow feature reads from schemas/workflows/, loaded once. */
export interface WorkflowData {
  schemas: WorkflowSchemas;
  contexts: ContextDescriptions;
  actions: PopularActions;
}

export interface WorkflowDataFiles {
  workflow: TemplateSchemaFile;
  action: TemplateSchemaFile;
  contexts: ContextDescriptions;
  actions: PopularActionsFile;
}

export function createWorkflowData(files: WorkflowDataFiles): WorkflowData {
  return {
    schemas: { workflow: new TemplateSchema(files.workflow), action: new TemplateSchema(files.action) },
    contexts: files.contexts,
    actions: new PopularActions(files.actions),
  };
}

const modelKeys = new Map<string, symbol>();
function modelKey(kind: WorkflowKind, flavor: Flavor): symbol {
  const name = `workflow-model:${kind}:${flavor}`;
  let key = modelKeys.get(name);
  if (!key) {
    key = Symbol(name);
    modelKeys.set(name, key);
  }
  return key;
}

/** The workflow/action model of a file version (parsed once per version and flavor). */
export function workflowModel(file: IndexedFile, data: WorkflowData, flavor: Flavor): WorkflowFileModel | undefined {
  const kind = workflowKind(file.uri);
  if (!kind || file.skipped) return undefined;
  return file.model(modelKey(kind, flavor), (f) => buildModel(f, kind, flavor, data.schemas));
}

/** What every check gets. */
export interface CheckContext {
  model: WorkflowFileModel;
  data: WorkflowData;
  index: WorkspaceIndex;
  settings: ArchipelSettings;
  findings: Finding[];
}

/** Adds a finding on chunk offsets [start, end). */
export function report(check: CheckContext, code: string, start: number, end: number, message: string, data?: unknown): void {
  check.findings.push({ start, end: Math.max(start, end), code, message, ...(data !== undefined ? { data } : {}) });
}

/** The job and step a path of the workflow (or action.yml) is in. */
export function locate(model: WorkflowFileModel, path: readonly (string | number)[]): { job?: JobModel; step?: StepModel; steps: StepModel[] } {
  if (model.kind === 'action') {
    const step = path[0] === 'runs' && path[1] === 'steps' && typeof path[2] === 'number' ? model.actionSteps.find((s) => s.index === path[2]) : undefined;
    return { step, steps: model.actionSteps };
  }
  if (path[0] !== 'jobs' || typeof path[1] !== 'string') return { steps: [] };
  const job = model.jobsById.get(path[1].toLowerCase());
  const step = job && path[2] === 'steps' && typeof path[3] === 'number' ? job.steps.find((s) => s.index === path[3]) : undefined;
  return { job, step, steps: job?.steps ?? [] };
}

/** The action a step runs, when Archipel knows it: a local action.yml in the workspace or a bundled popular action. */
export function resolveAction(check: Pick<CheckContext, 'model' | 'data' | 'index'>, uses: UsesRef): (ActionInfo & { uri?: string }) | undefined {
  if (uses.kind === 'remote') {
    // github.com URLs (Gitea) name GitHub's actions; gitea.com/actions mirrors actions/*.
    if (uses.url && !/^https?:\/\/(github\.com|gitea\.com)$/i.test(uses.url)) return undefined;
    return check.data.actions.get(actionKey(uses));
  }
  if (uses.kind !== 'local') return undefined;
  const uri = findLocalAction(check.index, check.model.uri, uses.path);
  const file = uri ? check.index.get(uri) : undefined;
  if (!file) return undefined;
  const action = workflowModel(file, check.data, check.model.flavor);
  if (!action) return undefined;
  const root = action.doc.contents as Node | null;
  const inputs: ActionInfo['inputs'] = {};
  for (const [name, input] of action.inputs) {
    inputs[name] = {
      description: input.description,
      required: input.required,
      default: input.hasDefault ? stringOf(get(input.value, 'default')?.value) ?? '' : undefined,
      deprecationMessage: stringOf(get(input.value, 'deprecationMessage')?.value),
    };
  }
  const outputs: ActionInfo['outputs'] = {};
  for (const output of action.outputs) outputs[output.name] = { description: stringOf(get(output.value, 'description')?.value) };
  return { name: stringOf(get(root, 'name')?.value) ?? uses.path, description: stringOf(get(root, 'description')?.value), inputs, outputs, uri };
}

/** The workflow_call inputs of a local reusable workflow, as action inputs. */
export function callableInputs(callee: WorkflowFileModel): ActionInfo['inputs'] {
  const inputs: ActionInfo['inputs'] = {};
  for (const [name, input] of callee.inputs) {
    if (input.source === 'workflow_call') inputs[name] = { required: input.required, default: input.hasDefault ? '' : undefined, description: input.description };
  }
  return inputs;
}

export { flavorOf };
