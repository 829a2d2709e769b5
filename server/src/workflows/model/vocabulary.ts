import type { Node } from 'yaml';
import type { WorkspaceIndex } from '../../workspace/index';
import { parseUses } from './actions';
import { canonicalContext, contextDescription, fixedProperties } from './contexts';
import { resolveAction, type WorkflowData } from './data';
import { get, pairs, stringOf, type JobModel, type StepModel, type WorkflowFileModel } from './model';
import { t } from '../../l10n/t';

/** A name an expression can use at a place, with what to say about it. */
export interface Entry {
  name: string;
  detail?: string;
  description?: string;
}

export interface Place {
  job?: JobModel;
  step?: StepModel;
  steps: StepModel[];
}

export interface Vocabulary {
  model: WorkflowFileModel;
  data: WorkflowData;
  index: WorkspaceIndex;
}

function envNames(model: WorkflowFileModel, place: Place): Entry[] {
  const levels: [string, Node | null | undefined][] = [
    ['workflow', get(model.doc.contents, 'env')?.value],
    ['job', get(place.job?.node, 'env')?.value],
    ['step', get(place.step?.node, 'env')?.value],
  ];
  const entries = new Map<string, Entry>();
  for (const [level, node] of levels) {
    for (const pair of pairs(node)) entries.set(pair.name, { name: pair.name, detail: `env (${level})`, description: stringOf(pair.value) });
  }
  return [...entries.values()];
}

/** Steps an expression at this place can read: earlier ones inside a step, all of them in outputs. */
export function visibleSteps(place: Place): StepModel[] {
  return place.step ? place.steps.filter((s) => s.index < place.step!.index) : place.steps;
}

function stepLabel(step: StepModel): string {
  return step.name ?? step.uses?.value ?? (step.run ? step.run.value.split('\n')[0] : `step ${step.index + 1}`);
}

/**
 * What follows `chain.` in an expression: the properties of a context (github.*, runner.*), the
 * ids and outputs the file declares (needs.*, steps.*, matrix.*, inputs.*), or undefined when
 * anything goes (github.event.*, vars.*).
 */
export function propertiesOf(vocabulary: Vocabulary, chain: string[], place: Place): Entry[] | undefined {
  const { model, data } = vocabulary;
  const [head, second, third] = chain.map((s) => s.toLowerCase());
  const context = canonicalContext(head ?? '');
  const depth = chain.length;
  const table = (name: string): Entry[] =>
    (fixedProperties(data.contexts, name) ?? []).map((p) => ({ name: p, detail: `${name}.${p}`, description: contextDescription(data.contexts, name, p) }));

  switch (context) {
    case 'github':
    case 'runner':
    case 'strategy':
    case 'job':
      return depth === 1 ? table(context) : undefined;
    case 'env':
      return depth === 1 ? envNames(model, place) : undefined;
    case 'secrets':
      return depth === 1
        ? [
            { name: 'GITHUB_TOKEN', detail: t('secret'), description: contextDescription(data.contexts, 'secrets', 'GITHUB_TOKEN') },
            ...model.secrets.map((s) => ({ name: s.name, detail: t('workflow_call secret'), description: stringOf(get(s.value, 'description')?.value) })),
          ]
        : undefined;
    case 'inputs':
      return depth === 1 ? [...model.inputs.values()].map((i) => ({ name: i.name, detail: i.type ? t('{0} input ({1})', i.source, i.type) : t('{0} input', i.source), description: i.description })) : undefined;
    case 'matrix':
      return depth === 1 && place.job?.matrix ? [...place.job.matrix.keys.keys()].map((k) => ({ name: k, detail: t('matrix of {0}', place.job!.id) })) : undefined;
    case 'needs':
    case 'jobs': {
      const jobs = context === 'needs' ? (place.job?.needs ?? []).map((n) => model.jobsById.get(n.name.toLowerCase())).filter((j): j is JobModel => !!j) : model.jobs;
      if (depth === 1) return jobs.map((j) => ({ name: j.id, detail: j.name ? t('job "{0}"', j.name) : t('job') }));
      const job = model.jobsById.get(second);
      if (!job) return undefined;
      if (depth === 2) return [{ name: 'outputs', detail: t('outputs of {0}', job.id) }, { name: 'result', detail: 'success, failure, cancelled or skipped' }];
      if (depth === 3 && third === 'outputs') return job.outputs.map((o) => ({ name: o.name, detail: t('output of {0}', job.id), description: stringOf(o.value) }));
      return undefined;
    }
    case 'steps': {
      const steps = visibleSteps(place).filter((s) => s.id);
      if (depth === 1) return steps.map((s) => ({ name: s.id!.name, detail: t('step {0}', s.index + 1), description: stepLabel(s) }));
      const step = steps.find((s) => s.id!.name.toLowerCase() === second);
      if (!step) return undefined;
      if (depth === 2) {
        return [
          { name: 'outputs', detail: `outputs of ${step.id!.name}` },
          { name: 'outcome', detail: 'success, failure, cancelled or skipped, before continue-on-error' },
          { name: 'conclusion', detail: 'success, failure, cancelled or skipped, after continue-on-error' },
        ];
      }
      if (depth === 3 && third === 'outputs' && step.uses) {
        const action = resolveAction(vocabulary, parseUses(step.uses.value, model.flavor));
        return action ? Object.entries(action.outputs).map(([name, o]) => ({ name, detail: `output of ${step.uses!.value}`, description: o.description })) : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
