import type { KubernetesValidator } from './kubernetes/validate';
import type { MermaidChecker } from './mermaid/feature';
import type { PipelineDependencies } from './pipeline/feature';
import type { SchemaEngine } from './schema/engine';
import type { Snippet } from './snippets/catalogue';
import type { ValidateDependencies } from './validate/feature';
import type { WorkflowData } from './workflows/data';

/** What features need from the outside world, loaded once by the server or the CLI. */
export interface FeatureDependencies {
  kubernetes: KubernetesValidator;
  /** The RACI and AMDEC schemas (schemas/governance/). */
  governance: SchemaEngine;
  /** The clock (injected: tests and `archipel check --today` fix it). */
  now: () => Date;
  /** schemas/archipel.json: the sections of archipel.yaml. */
  archipel: SchemaEngine;
  /** GitHub's workflow template schemas, context descriptions and the popular actions' data (schemas/workflows/). */
  workflows: WorkflowData;
  /** Mermaid's parser (a worker thread, started on the first diagram). */
  mermaid: MermaidChecker;
  /** The snippets of snippets/, offered by completion where they fit (none when left out). */
  snippets?: readonly Snippet[];
  /**
   * Pipelines (issue #18): the dvc.yaml schema, whether a path exists, and the runner's stage
   * status (its `status` may be set later, where the runner's engine runs: the feature reads it
   * on every hover and code lens).
   */
  pipeline?: PipelineDependencies;
  /** Expectation suites (issue #29): a bound data file's header, for the column checks. */
  validate?: ValidateDependencies;
}
