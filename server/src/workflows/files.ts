/** Which files are workflows' (common/ownFiles.ts): the one decision of `archipel check` and model/files.ts workflowKind. */
import type { OwnFiles } from '../common/ownFiles';

/** A workflow: directly in `.github/workflows/` (or Gitea's `.gitea/`, Forgejo's `.forgejo/`). */
export const WORKFLOW_PATH = /\/\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i;
/** An action: `action.yml` / `action.yaml` anywhere. */
export const ACTION_PATH = /\/action\.ya?ml$/i;

/**
 * Whether a path is a workflow the forge runs: in `.github/workflows/` (`.gitea/`, `.forgejo/`), and not below another
 * `.github/` folder — a vendored action's own test workflows (`.github/actions/x/.github/workflows/`) never run.
 */
export function isWorkflowPath(path: string): boolean {
  if (!WORKFLOW_PATH.test(path)) return false;
  const at = path.search(/\/\.(github|gitea|forgejo)\/workflows\/[^/]+$/i);
  return !/\/\.(github|gitea|forgejo)\//i.test(path.slice(0, at));
}

export const workflowsOwn: OwnFiles = { test: (path) => isWorkflowPath(path) || ACTION_PATH.test(path) };
