import { SymbolKind, type DocumentSymbol, type Location } from 'vscode-languageserver-types';
import { isScalar, type Node, type Scalar } from 'yaml';
import type { LineIndex } from '../../common/lineIndex';
import { findLocalAction, localWorkflowUri, parseUses } from '../model/actions';
import { placeAt, siteAt } from '../syntax/cursor';
import { references } from '../syntax/expressionTree';
import { get, pairs, stringOf, type StepModel, type WorkflowFileModel } from '../model/model';
import { visibleSteps, type Vocabulary } from '../model/vocabulary';
import { t } from '../../l10n/t';

function stepName(step: StepModel): string {
  return step.name ?? step.uses?.value ?? (step.run ? step.run.value.trim().split('\n')[0] : `step ${step.index + 1}`);
}

/**
 * The outline: triggers, then jobs with their steps (a workflow); inputs, outputs and steps (an
 * action). Ranges cover the whole entry, selection ranges its key.
 */
export function workflowSymbols(model: WorkflowFileModel, lines: LineIndex): DocumentSymbol[] {
  const at = (start: number, end: number) => lines.range(model.offset + start, model.offset + end);
  const entry = (name: string, detail: string | undefined, kind: SymbolKind, key: Node, value: Node | null | undefined, children: DocumentSymbol[] = []): DocumentSymbol => {
    const start = key.range![0];
    const end = Math.max(key.range![1], value?.range?.[1] ?? 0);
    return { name: name || ' ', detail, kind, range: at(start, end), selectionRange: at(key.range![0], key.range![1]), children };
  };
  const stepSymbols = (steps: StepModel[]) =>
    steps.map((step) => {
      const start = step.node.range![0];
      const end = step.node.range![1];
      return { name: stepName(step), detail: step.id?.name, kind: SymbolKind.Function, range: at(start, end), selectionRange: at(start, Math.min(end, start + 1)) };
    });
  const root = model.doc.contents as Node | null;
  const symbols: DocumentSymbol[] = [];
  if (model.kind === 'workflow') {
    const on = get(root, 'on');
    if (on) symbols.push(entry('on', model.events.map((e) => e.name).join(', '), SymbolKind.Event, on.key, on.value));
    const jobs = get(root, 'jobs');
    if (jobs) {
      const children = model.jobs.map((job) => {
        const runsOn = job.runsOn?.value;
        const detail = job.name ?? (job.uses ? `uses ${job.uses.value}` : isScalar(runsOn) ? String(runsOn.value) : undefined);
        return entry(job.id, detail, SymbolKind.Class, job.key, job.node, stepSymbols(job.steps));
      });
      symbols.push(entry('jobs', model.jobs.length === 1 ? t('1 job') : t('{0} jobs', model.jobs.length), SymbolKind.Namespace, jobs.key, jobs.value, children));
    }
    return symbols;
  }
  for (const section of ['inputs', 'outputs'] as const) {
    const pair = get(root, section);
    if (!pair) continue;
    const children = pairs(pair.value).map((p) => entry(p.name, stringOf(get(p.value, 'description')?.value), SymbolKind.Property, p.key, p.value));
    symbols.push(entry(section, undefined, SymbolKind.Namespace, pair.key, pair.value, children));
  }
  const runs = get(root, 'runs');
  if (runs) symbols.push(entry('runs', stringOf(get(runs.value, 'using')?.value), SymbolKind.Namespace, runs.key, runs.value, stepSymbols(model.actionSteps)));
  return symbols;
}

function location(model: WorkflowFileModel, lines: LineIndex, node: Scalar | Node): Location {
  return { uri: model.uri, range: lines.range(model.offset + node.range![0], model.offset + node.range![1]) };
}

/** Go to definition: a needs entry to its job, needs/jobs/steps/matrix/inputs/env references to their declarations, a local uses: to its file. */
export function workflowDefinition(vocabulary: Vocabulary, lines: LineIndex, offset: number): Location[] {
  const { model } = vocabulary;
  const place = placeAt(model, offset);
  const found = siteAt(model, offset);
  if (found?.site.parsed.expr) {
    for (const ref of references(found.site.parsed.expr)) {
      const position = ref.segments.findIndex((s) => found.index >= s.start && found.index <= s.end);
      if (position < 1) continue;
      const names = ref.segments.map((s) => s.name.toLowerCase());
      const head = names[0];
      if (head === 'needs' || head === 'jobs') {
        const job = model.jobsById.get(names[1]);
        if (!job) return [];
        const output = position >= 3 && names[2] === 'outputs' ? job.outputs.find((o) => o.name.toLowerCase() === names[3]) : undefined;
        return [location(model, lines, output?.key ?? job.key)];
      }
      if (head === 'steps') {
        const step = visibleSteps(place).find((s) => s.id?.name.toLowerCase() === names[1]);
        return step?.id?.value ? [location(model, lines, step.id.value)] : [];
      }
      if (head === 'matrix') {
        const keys = place.job?.matrix?.keys;
        const key = keys && [...keys.entries()].find(([k]) => k.toLowerCase() === names[1])?.[1];
        return key ? [location(model, lines, key)] : [];
      }
      if (head === 'inputs') {
        const input = [...model.inputs.values()].find((i) => i.name.toLowerCase() === names[1]);
        return input ? [location(model, lines, input.key)] : [];
      }
      if (head === 'env') {
        for (const holder of [place.step?.node, place.job?.node, model.doc.contents as Node | null]) {
          const env = pairs(get(holder, 'env')?.value).find((p) => p.name === ref.segments[1].name);
          if (env) return [location(model, lines, env.key)];
        }
        return [];
      }
    }
    return [];
  }
  const last = place.path[place.path.length - 1];
  const secondLast = place.path[place.path.length - 2];
  // needs: build or needs: [build, lint]
  if (place.job && (last === 'needs' || secondLast === 'needs')) {
    const need = place.job.needs.find((n) => n.node.range && offset >= n.node.range[0] && offset <= n.node.range[1]);
    const job = need && model.jobsById.get(need.name.toLowerCase());
    return job ? [location(model, lines, job.key)] : [];
  }
  if (last === 'uses') {
    const value = place.step?.uses?.value ?? (place.job && !place.step ? place.job.uses?.value : undefined);
    if (!value) return [];
    const uses = parseUses(value, model.flavor, !place.step);
    if (uses.kind !== 'local') return [];
    const uri = place.step ? findLocalAction(vocabulary.index, model.uri, uses.path) : localWorkflowUri(model.uri, uses.path);
    return uri && vocabulary.index.get(uri) ? [{ uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : [];
  }
  return [];
}
