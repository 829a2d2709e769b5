import { isAmdecFile } from '../amdec/api';
import { adrContext } from '../adr/api';
import { isArchipelConfig } from '../workspace/archipelConfig';
import type { Feature, FeatureContext } from '../features/feature';
import { isRaciFile } from '../raci/api';
import { workflowKind } from '../workflows/api';
import type { IndexedFile } from '../workspace/index';
import type { Snippet, SnippetFamily } from './catalogue';
import { snippetCompletions } from './complete';

/** The family whose snippets a file gets: RACI, AMDEC, workflow, ADR, else any other YAML file counts as Kubernetes. */
export function snippetFamilyOf(file: IndexedFile, context: FeatureContext): SnippetFamily | undefined {
  if (file.skipped) return undefined;
  if (/\.(md|markdown)$/i.test(file.uri)) return adrContext(file, context) ? 'adr' : undefined;
  if (!file.isYaml || isArchipelConfig(file.uri)) return undefined;
  if (workflowKind(file.uri) === 'workflow') return 'workflows';
  if (workflowKind(file.uri) !== undefined) return undefined;
  if (isRaciFile(file)) return 'raci';
  if (isAmdecFile(file)) return 'amdec';
  return 'kubernetes';
}

/** The snippets of snippets/, offered by completion in their family's files where they fit. */
export function snippetFeature(snippets: readonly Snippet[]): Feature {
  return {
    id: 'snippets',
    completion(file, offset, context) {
      const family = snippetFamilyOf(file, context);
      if (!family) return [];
      // Any other YAML file may be an SLO file (issue #82): a new one is empty, and a Sloth spec is no Kubernetes object.
      return family === 'kubernetes' ? [...snippetCompletions(file, offset, snippets, family), ...snippetCompletions(file, offset, snippets, 'slo')] : snippetCompletions(file, offset, snippets, family);
    },
  };
}
