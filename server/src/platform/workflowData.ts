/** GitHub's workflow data (schemas/workflows/), shared by the workflow feature and the diagrams. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../disk/packageRoot';
import { createWorkflowData, type WorkflowData } from '../workflows/model/data';
import { oncePerRoot } from './sharedData';

/** GitHub's workflow/action template schemas, context descriptions and the popular actions' inputs. */
export function loadWorkflowData(root: string = packageRoot()): WorkflowData {
  const folder = path.join(root, 'schemas', 'workflows');
  const read = <T>(file: string) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as T;
  return createWorkflowData({
    workflow: read('github-workflow.json'),
    action: read('github-action.json'),
    contexts: read('github-contexts.json'),
    actions: read('popular-actions.json'),
  });
}

/** loadWorkflowData, shared by the families of one process. */
export const sharedWorkflowData = oncePerRoot(loadWorkflowData);
/**
 * sharedWorkflowData, read on the first use of one of its parts: the workflow feature asks for
 * them only for a workflow or action file, so a run that meets none (`archipel check` of a rule
 * file, which the family's selector takes as YAML) never reads GitHub's schemas.
 */
export function lazyWorkflowData(root: string = packageRoot()): WorkflowData {
  return {
    get schemas() {
      return sharedWorkflowData(root).schemas;
    },
    get contexts() {
      return sharedWorkflowData(root).contexts;
    },
    get actions() {
      return sharedWorkflowData(root).actions;
    },
  };
}
