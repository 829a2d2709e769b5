/** Which files are workflows' (common/ownFiles.ts): the one decision of `archipel check` and model/files.ts workflowKind. */
import type { OwnFiles } from '../common/ownFiles';

/** A workflow: directly in `.github/workflows/` (or Gitea's `.gitea/`, Forgejo's `.forgejo/`). */
export const WORKFLOW_PATH = /\/\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i;
/** An action: `action.yml` / `action.yaml` anywhere. */
export const ACTION_PATH = /\/action\.ya?ml$/i;

export const workflowsOwn: OwnFiles = { test: (path) => WORKFLOW_PATH.test(path) || ACTION_PATH.test(path) };
