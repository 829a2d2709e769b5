import type { Feature, PlacedFinding } from '../features/feature';
import type { WorkflowData } from './data';
import { workflowFindings } from './findings';

/** GitHub Actions and Gitea/Forgejo Actions workflows, and action.yml files, recognised by path. */
export function workflowFeature(data: WorkflowData): Feature {
  return {
    id: 'workflows',
    extensions: ['.yaml', '.yml'],
    findings(file, context) {
      const result = workflowFindings(file, data, context);
      if (!result) return [];
      return result.findings.map((finding): PlacedFinding => ({ offset: result.offset, finding }));
    },
  };
}
