import { isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { IndexedFile } from '../../workspace/index';
import { entries as pairs, entry as get, type Entry } from '../../yaml/mapping';
import type { PathSegment } from '../../yaml/path';
import type { Flavor, WorkflowKind } from './files';
import { scalarText, type ScalarText } from '../syntax/scalar';
import type { TemplateSchema } from './schema';
import { walkTemplate, workflowRuleFor, type StructureResult } from '../checks/structure';

/** A key of a mapping with its node, for positions and go-to-definition. */
export type Named = Entry;

export interface StepModel {
  index: number;
  node: YAMLMap;
  path: PathSegment[];
  id?: Named;
  name?: string;
  uses?: { value: string; node: Scalar };
  run?: ScalarText;
  with?: { node: YAMLMap; entries: Named[] };
}

export interface MatrixModel {
  /** Keys of the matrix and of its include entries. */
  keys: Map<string, Node>;
  /** The matrix (or an include) is computed by an expression: its keys are not known. */
  dynamic: boolean;
}

export interface JobModel {
  id: string;
  key: Node;
  node: YAMLMap | undefined;
  path: PathSegment[];
  name?: string;
  needs: { name: string; node: Scalar }[];
  outputs: Named[];
  steps: StepModel[];
  /** The `steps` key, when present. */
  stepsKey?: Node;
  stepsValue?: Node | null;
  matrix?: MatrixModel;
  runsOn?: Named;
  /** A reusable workflow call (`jobs.<id>.uses`). */
  uses?: { value: string; node: Scalar };
  with?: { node: YAMLMap; entries: Named[] };
}

export interface InputModel extends Named {
  source: 'workflow_dispatch' | 'workflow_call' | 'action';
  required: boolean;
  hasDefault: boolean;
  description?: string;
  type?: string;
}

/** A workflow or action file as the checks, completion, hover and the graph see it. */
export interface WorkflowFileModel {
  kind: WorkflowKind;
  flavor: Flavor;
  uri: string;
  /** Offset of the document's chunk in the file; node ranges are relative to it. */
  offset: number;
  chunkText: string;
  doc: Document.Parsed;
  /** The document does not parse: no findings are reported from this model. */
  syntaxErrors: boolean;
  jobs: JobModel[];
  /** Job by lower-case id (GitHub compares job ids case-insensitively). */
  jobsById: Map<string, JobModel>;
  /** Trigger names under `on:` with the node naming each. */
  events: { name: string; node: Node }[];
  inputs: Map<string, InputModel>;
  /** workflow_call secrets (declared by a reusable workflow). */
  secrets: Named[];
  /** workflow_call outputs of a reusable workflow, or an action's outputs. */
  outputs: Named[];
  /** Steps of a composite action. */
  actionSteps: StepModel[];
  structure: StructureResult;
}

/** A mapping's entries and one entry by name: the YAML model's helpers, under this module's names. */
export { entries as pairs, entry as get } from '../../yaml/mapping';

export function stringOf(node: Node | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function truthy(node: Node | null | undefined): boolean {
  return isScalar(node) && (node.value === true || node.value === 'true');
}

function steps(node: Node | null | undefined, base: PathSegment[], chunkText: string): StepModel[] {
  if (!isSeq(node)) return [];
  const result: StepModel[] = [];
  node.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const map = item;
    const id = get(map, 'id');
    const uses = get(map, 'uses');
    const run = get(map, 'run');
    const withPair = get(map, 'with');
    const usesValue = stringOf(uses?.value);
    result.push({
      index,
      node: map,
      path: [...base, index],
      id: id && typeof stringOf(id.value) === 'string' ? { ...id, name: stringOf(id.value)! } : undefined,
      name: stringOf(get(map, 'name')?.value),
      uses: usesValue !== undefined && isScalar(uses?.value) ? { value: usesValue, node: uses.value } : undefined,
      run: scalarText(run?.value, chunkText),
      with: isMap(withPair?.value) ? { node: withPair.value, entries: pairs(withPair.value) } : undefined,
    });
  });
  return result;
}

function matrixOf(strategy: Node | null | undefined): MatrixModel | undefined {
  const matrix = get(strategy, 'matrix');
  if (!matrix) return undefined;
  const keys = new Map<string, Node>();
  if (!isMap(matrix.value)) return { keys, dynamic: true };
  let dynamic = false;
  for (const entry of pairs(matrix.value)) {
    if (entry.name.includes('${{')) {
      dynamic = true;
      continue;
    }
    if (entry.name === 'include' || entry.name === 'exclude') {
      if (!isSeq(entry.value)) {
        dynamic = true;
        continue;
      }
      if (entry.name === 'exclude') continue;
      for (const item of entry.value.items) {
        if (!isMap(item)) {
          dynamic = true;
          continue;
        }
        for (const key of pairs(item)) if (!keys.has(key.name)) keys.set(key.name, key.key);
      }
      continue;
    }
    keys.set(entry.name, entry.key);
  }
  return { keys, dynamic };
}

function inputsOf(node: Node | null | undefined, source: InputModel['source']): InputModel[] {
  return pairs(node).map((entry) => {
    const required = get(entry.value, 'required');
    return {
      ...entry,
      source,
      required: truthy(required?.value),
      hasDefault: get(entry.value, 'default') !== undefined,
      description: stringOf(get(entry.value, 'description')?.value),
      type: stringOf(get(entry.value, 'type')?.value),
    };
  });
}

function eventsOf(on: Node | null | undefined): { name: string; node: Node }[] {
  if (isScalar(on) && typeof on.value === 'string') return [{ name: on.value, node: on }];
  if (isSeq(on)) return on.items.filter((i): i is Scalar<string> => isScalar(i) && typeof i.value === 'string').map((i) => ({ name: i.value, node: i }));
  return pairs(on).map((p) => ({ name: p.name, node: p.key }));
}

export interface WorkflowSchemas {
  workflow: TemplateSchema;
  action: TemplateSchema;
}

/** Keys Forgejo adds at the top of a workflow (accepted in Gitea mode). */
const giteaExtraKeys = {
  'workflow-root-strict': { 'enable-email-notifications': 'boolean', 'enable-openid-connect': 'boolean' },
};

export function buildModel(file: IndexedFile, kind: WorkflowKind, flavor: Flavor, schemas: WorkflowSchemas): WorkflowFileModel | undefined {
  const ref = file.yaml?.documents[0];
  if (!ref) return undefined;
  const { doc, offset, chunk } = ref;
  const root = doc.contents as Node | null;
  const chunkText = chunk.text;
  // A file that does not parse still has a model (completion and the outline need one while the
  // user types), but no findings: the YAML rule reports the syntax error.
  const syntaxErrors = doc.errors.length > 0;
  const structure: StructureResult = syntaxErrors
    ? { findings: [], expressions: [] }
    : kind === 'workflow'
      ? walkTemplate(doc, chunkText, schemas.workflow, { ruleFor: workflowRuleFor, extraKeys: flavor === 'gitea' ? giteaExtraKeys : undefined })
      : walkTemplate(doc, chunkText, schemas.action);

  const jobs: JobModel[] = [];
  const inputs = new Map<string, InputModel>();
  let secrets: Named[] = [];
  let outputs: Named[] = [];
  let actionSteps: StepModel[] = [];
  let events: { name: string; node: Node }[] = [];

  if (kind === 'workflow') {
    const on = get(root, 'on');
    events = eventsOf(on?.value);
    for (const source of ['workflow_dispatch', 'workflow_call'] as const) {
      const event = get(on?.value, source);
      for (const input of inputsOf(get(event?.value, 'inputs')?.value, source)) if (!inputs.has(input.name)) inputs.set(input.name, input);
      if (source === 'workflow_call') {
        secrets = pairs(get(event?.value, 'secrets')?.value);
        outputs = pairs(get(event?.value, 'outputs')?.value);
      }
    }
    for (const entry of pairs(get(root, 'jobs')?.value)) {
      const node = isMap(entry.value) ? (entry.value) : undefined;
      const path: PathSegment[] = ['jobs', entry.name];
      const needsNode = get(node, 'needs')?.value;
      const needs = (isSeq(needsNode) ? needsNode.items : [needsNode]).filter((n): n is Scalar<string> => isScalar(n) && typeof n.value === 'string').map((n) => ({ name: n.value, node: n }));
      const stepsPair = get(node, 'steps');
      const uses = get(node, 'uses');
      const withPair = get(node, 'with');
      jobs.push({
        id: entry.name,
        key: entry.key,
        node,
        path,
        name: stringOf(get(node, 'name')?.value),
        needs,
        outputs: pairs(get(node, 'outputs')?.value),
        steps: steps(stepsPair?.value, [...path, 'steps'], chunkText),
        stepsKey: stepsPair?.key,
        stepsValue: stepsPair?.value,
        matrix: matrixOf(get(node, 'strategy')?.value),
        runsOn: get(node, 'runs-on'),
        uses: isScalar(uses?.value) && typeof uses.value.value === 'string' ? { value: uses.value.value, node: uses.value } : undefined,
        with: isMap(withPair?.value) ? { node: withPair.value, entries: pairs(withPair.value) } : undefined,
      });
    }
  } else {
    for (const input of inputsOf(get(root, 'inputs')?.value, 'action')) inputs.set(input.name, input);
    outputs = pairs(get(root, 'outputs')?.value);
    actionSteps = steps(get(get(root, 'runs')?.value, 'steps')?.value, ['runs', 'steps'], chunkText);
  }

  const jobsById = new Map<string, JobModel>();
  for (const job of jobs) if (!jobsById.has(job.id.toLowerCase())) jobsById.set(job.id.toLowerCase(), job);
  return { kind, flavor, uri: file.uri, offset, chunkText, doc, syntaxErrors, jobs, jobsById, events, inputs, secrets, outputs, actionSteps, structure };
}
