/**
 * The findings of one template of a chart: its syntax, its render with the chart's default
 * values (errors, required and fail messages, what the renderer does not compute), the rendered
 * manifests' Kubernetes and helm lint findings at their template line, `.Values` reads no values
 * file defines, include/template names no define gives.
 */
import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import type { TemplateError, TemplateEvent, Site } from '../gotemplate/exec';
import { isMap, type GoMap, type GoValue } from '../gotemplate/values';
import type { Feature, FeatureContext } from '../features/feature';
import { t } from '../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import type { ChartLayout } from './chart';
import { relativePath } from './chart';
import { releaseObject } from './context';
import { lintFindings } from './lint';
import { manifestFindings } from './manifests';
import { parsedTemplate, type ChartRender, type TemplateOutcome } from './render';
import * as rules from './rules';
import { templateUses, type ValueUse } from './valuePaths';
import { coalesce, dependencyDefaults, mergeValues, readValues, schemaErrors, toJsonData } from './values';

/** The fields of .Release a template may read. */
const releaseFields: ReadonlySet<string> = new Set(releaseObject('', '').keys());

const known = new WeakMap<GoMap, { generation: number; root: string; values: GoMap }>();

/** Every values file of the chart over its defaults, and the defaults of the dependencies its values turn off: what a `.Values` read may find (kept per defaults and index version). */
export function knownValues(index: WorkspaceIndex, layout: ChartLayout, defaults: GoMap): GoMap {
  const kept = known.get(defaults);
  if (kept && kept.generation === index.generation && kept.root === layout.root) return kept.values;
  const turnedOff = dependencyDefaults(index, layout);
  let values = turnedOff.size > 0 ? coalesce(turnedOff, defaults) : defaults;
  // A key values.yaml sets to null is declared all the same (Helm drops it from the defaults: it renders as nothing, knowingly).
  const declared = readValues(layout.values ? layout.home.get(layout.values) : undefined)?.values;
  if (declared) values = mergeValues(values, declared);
  for (const uri of layout.valuesFiles) {
    const doc = readValues(index.get(uri));
    if (doc) values = coalesce(values, doc.values);
  }
  known.set(defaults, { generation: index.generation, root: layout.root, values });
  return values;
}

/** The value at `path` (undefined where it leaves the maps). */
function valueAt(values: GoMap, path: readonly string[]): GoValue | undefined {
  let current: GoValue | undefined = values;
  for (const key of path) current = isMap(current ?? null) ? (current as GoMap).get(key) : undefined;
  return current;
}

/** The first segment of `path` that `values` does not define (a key missing from a map), or -1. */
export function undefinedAt(values: GoMap, path: readonly string[]): number {
  let current: GoValue = values;
  for (let i = 0; i < path.length; i++) {
    if (!isMap(current)) return -1;
    if (!current.has(path[i])) return i;
    current = current.get(path[i]) ?? null;
  }
  return -1;
}

/** The place in this template a render problem belongs to: the call made from it, else the problem's own place when it is here. */
function siteIn(name: string, at: Site, trace: readonly Site[]): [number, number] | undefined {
  const outer = trace.find((s) => s.file === name) ?? (at.file === name ? at : undefined);
  return outer ? [outer.start, outer.end] : undefined;
}

function where(render: ChartRender, at: Site, file: IndexedFile): string {
  const uri = render.uris.get(at.file);
  return uri && uri !== file.uri ? t(' (in {0})', relativePath(render.layout, uri)) : '';
}

function renderProblem(render: ChartRender, outcome: TemplateOutcome, file: IndexedFile, error: TemplateError): Finding {
  const [start, end] = siteIn(outcome.name, error.at, error.trace) ?? [0, 0];
  const missing = render.missingDependencies;
  if (error.kind === 'error' && missing.length > 0 && /nil pointer|no template|not defined/.test(error.message)) {
    return { start, end, code: rules.unsupportedRule.id, message: t('Not checked: rendering needs dependency {0}, which is not in charts/ ({1}).', missing.join(', '), error.message) };
  }
  if (error.kind === 'unsupported') return { start, end, code: rules.unsupportedRule.id, message: t('Not checked: the template calls {0}, which Archipel does not compute.', error.message) };
  if (error.kind === 'limit') return { start, end, code: rules.limitRule.id, message: t('Not checked: rendering the template passes a bound ({0}).', error.message) };
  return { start, end, code: rules.renderRule.id, message: t('Rendering with the chart\'s default values fails: {0}{1}', error.message, where(render, error.at, file)) };
}

function eventFinding(outcome: TemplateOutcome, event: TemplateEvent): Finding {
  const [start, end] = siteIn(outcome.name, event.at, event.trace) ?? [0, 0];
  return event.kind === 'required'
    ? { start, end, code: rules.requiredRule.id, message: t('The chart\'s default values leave a required value unset: {0}', event.message) }
    : { start, end, code: rules.failRule.id, message: t('The template fails with the chart\'s default values: {0}', event.message) };
}

const refused = new WeakMap<ChartRender, string[][]>();

/** The value paths the chart's schema refuses in the values it is rendered with (a missing property is no value written). */
export function refusedPaths(index: WorkspaceIndex, layout: ChartLayout, render: ChartRender): string[][] {
  let answer = refused.get(render);
  if (answer === undefined) {
    const schema = layout.schema ? index.get(layout.schema) : undefined;
    const result = schema ? schemaErrors(schema, toJsonData(render.values)) : undefined;
    answer = result && 'errors' in result ? result.errors.filter((e) => e.keyword !== 'required' && e.instancePath !== '').map((e) => e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) : [];
    refused.set(render, answer);
  }
  return answer;
}

/** The manifest findings but those on a read of a value the schema refuses (the schema's finding says it). */
function withoutRefused(found: Finding[], uses: readonly ValueUse[], paths: readonly string[][]): Finding[] {
  if (paths.length === 0) return found;
  const spans = uses.filter((use) => paths.some((p) => p.every((key, i) => use.path[i] === key))).map((use) => use.spans[use.spans.length - 1]);
  return found.filter((f) => !spans.some(([start, end]) => f.start <= end && start <= f.end));
}

export interface TemplateCheck {
  index: WorkspaceIndex;
  layout: ChartLayout;
  render: ChartRender;
  kubernetes: Feature;
  context: FeatureContext;
  owner: object;
}

/** The findings of one template file (offsets in its text). */
export function templateFindings(file: IndexedFile, check: TemplateCheck): Finding[] {
  const { render } = check;
  const parsed = parsedTemplate(file);
  if (parsed.error) {
    const { start, end, message, limit } = parsed.error;
    return [{ start, end: Math.max(end, start + 1), code: limit ? rules.limitRule.id : rules.templateSyntaxRule.id, message: limit ? t('Not checked: {0}.', message) : t('Go template syntax: {0}', message) }];
  }
  const findings: Finding[] = [];
  // Helm refuses to install values its values.schema.json refuses, but the templates still need checking: they are rendered with the
  // values as written. The one finding of a refused value is the schema's, on the value: a manifest's finding on an action writing it
  // would say it twice, and is left out.
  const outcome = render.outcomes.get(file.uri);
  // After a required value found missing (or a fail), `helm template` has stopped: what fails next is its consequence.
  if (outcome?.error && (outcome.events.length === 0 || outcome.error.kind !== 'error')) findings.push(renderProblem(render, outcome, file, outcome.error));
  for (const event of outcome?.events ?? []) findings.push(eventFinding(outcome!, event));
  // A template without actions is a manifest the Kubernetes family checks itself: helm lint's own checks remain.
  const uses = templateUses(parsed);
  if (outcome && file.skipped === 'template') findings.push(...withoutRefused(manifestFindings(render, outcome, check.kubernetes, check.context, check.owner), uses.values, refusedPaths(check.index, check.layout, render)));
  else for (const { offset, chunk } of file.yaml?.chunks ?? []) if (chunk.wellFormed) for (const f of lintFindings(chunk)) findings.push({ ...f, start: f.start + offset, end: f.end + offset });
  const known = knownValues(check.index, check.layout, render.values);
  const missingDeps = new Set(render.missingDependencies);
  for (const use of uses.values) {
    if (use.guarded || missingDeps.has(use.path[0]) || use.path[0] === 'global') continue;
    const at = undefinedAt(known, use.path);
    if (at < 0) continue;
    const [start, end] = use.spans[at];
    // A key of the same map one typo away (bitnami's ingressNSPodMatchLabel for ingressNSPodMatchLabels) is a quick fix.
    const parent = valueAt(known, use.path.slice(0, at));
    const suggestion = isMap(parent) ? closestName(use.path[at], [...parent.keys()], false) : undefined;
    const message = t('.Values.{0} is not defined in the chart\'s values files: it renders as nothing. Define it in values.yaml, or guard it with default, if, with or hasKey.', use.path.slice(0, at + 1).join('.'));
    findings.push({ start, end, code: rules.undefinedValueRule.id, message: suggestion ? message + t(' Did you mean "{0}"?', suggestion) : message, ...(suggestion ? { data: { replacement: suggestion } } : {}) });
  }
  for (const read of uses.release) {
    if (releaseFields.has(read.field)) continue;
    const message = read.field === 'Time' ? t('.Release.Time was removed in Helm 3: it renders as nothing. Use the now function.') : t('.Release.{0} does not exist: it renders as nothing. Helm gives {1}.', read.field, [...releaseFields].join(', '));
    findings.push({ start: read.start, end: read.end, code: rules.releaseFieldRule.id, message });
  }
  if (missingDeps.size === 0) {
    for (const call of uses.calls) {
      if (render.defined.has(call.name) || render.uris.has(call.name)) continue;
      const suggestion = closestName(call.name, [...render.defined.keys()], false);
      const message = t('No template named {0}: no define of the chart or its dependencies gives it.', JSON.stringify(call.name));
      // On the name inside its quotes: the quick fix writes the define's name there.
      findings.push({ start: call.start + 1, end: Math.max(call.start + 1, call.end - 1), code: rules.undefinedTemplateRule.id, message: suggestion ? message + t(' Did you mean "{0}"?', suggestion) : message, ...(suggestion ? { data: { replacement: JSON.stringify(suggestion).slice(1, -1) } } : {}) });
    }
  }
  return findings;
}
