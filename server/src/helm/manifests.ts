/**
 * The rendered manifests of a chart checked as the Kubernetes family checks a file (its schemas,
 * its object rules, its cross-object rules among the chart's objects), with helm lint's own checks
 * of rendered output, every finding carried back to the template: text written by the template at
 * its exact place, a value written by an action at the action, anything an included or called
 * template wrote at the include.
 */
import type { Finding } from '../common/findings';
import type { Segment } from '../gotemplate/exec';
import type { Feature, FeatureContext } from '../features/feature';
import { t } from '../l10n/t';
import { WorkspaceIndex } from '../workspace/index';
import { syntaxFindings } from '../yaml/syntax';
import { lintFindings } from './lint';
import type { ChartRender, TemplateOutcome } from './render';
import { renderedYamlRule, deprecatedApiRule } from './rules';
import { kubernetesRules } from '../kubernetes/api';

/** The Kubernetes rules that read other objects: meaningless among a chart's objects when some did not render. */
const crossObjectRules = new Set(kubernetesRules.filter((rule) => rule.scope === 'workspace').map((rule) => rule.info.id));

/** Whether every manifest of the chart rendered (else the chart's objects are not all known). */
function complete(render: ChartRender): boolean {
  for (const outcome of render.outcomes.values()) {
    const base = outcome.uri.slice(outcome.uri.lastIndexOf('/') + 1);
    if (base.startsWith('_') || !/\.ya?ml$/i.test(base)) continue;
    if (outcome.parseError || outcome.blockedBy || outcome.error || outcome.events.length > 0) return false;
  }
  return true;
}

/** The segment holding output offset `at` (the one it starts, at a boundary). */
function segmentAt(segments: readonly Segment[], at: number): Segment {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (segments[mid].out <= at) low = mid;
    else high = mid - 1;
  }
  return segments[low];
}

/** Where output offsets came from in the template: text at its place, an action's output at the action, a span over several pieces over all of them. */
export function mapToTemplate(segments: readonly Segment[], start: number, end: number): [number, number] {
  return mapExactly(segments, start, end).range;
}

/** mapToTemplate, and whether the output span is text the template holds as it is (one piece of copied text): an edit of it is an edit of the template. */
function mapExactly(segments: readonly Segment[], start: number, end: number): { range: [number, number]; exact: boolean } {
  if (segments.length === 0) return { range: [0, 0], exact: false };
  const first = segmentAt(segments, start);
  const last = end > start ? segmentAt(segments, end - 1) : first;
  const from = first.exact ? first.src + Math.min(Math.max(start - first.out, 0), first.length) : first.src;
  const to = last.exact ? last.src + Math.min(Math.max(end - last.out, 0), last.length) : last.srcEnd;
  const exact = first === last && first.exact && start >= first.out && end <= first.out + first.length;
  return { range: to >= from ? [from, to] : [from, first.exact ? from : first.srcEnd], exact };
}

const owners = new WeakMap<WorkspaceIndex, Map<string, object>>();

/** One token per chart of an index: the key of its rendered manifests' own index. */
export function chartOwner(index: WorkspaceIndex, root: string): object {
  let byRoot = owners.get(index);
  if (!byRoot) owners.set(index, (byRoot = new Map<string, object>()));
  let owner = byRoot.get(root);
  if (!owner) byRoot.set(root, (owner = {}));
  return owner;
}

const privateIndexes = new WeakMap<object, WorkspaceIndex>();

/**
 * The chart's rendered manifests as an index of their own, each under its template's URI (kept per
 * chart: an unchanged output keeps its entry, and with it the Kubernetes checks cached on its documents).
 * The first render's outputs are read with their positions (each template is about to be checked);
 * a later render's, but `focus`'s, for their values only: an edit of values.yaml changes every
 * output, which the cross-object rules read, while one template is re-diagnosed (positions are still
 * read, lazily, for a document with a finding to place).
 */
export function renderedIndex(render: ChartRender, owner: object, focus?: string): WorkspaceIndex {
  let index = privateIndexes.get(owner);
  const first = !index;
  if (!index) privateIndexes.set(owner, (index = new WorkspaceIndex({ maxBytes: Number.MAX_SAFE_INTEGER, isTemplate: () => false })));
  const keep = new Set<string>();
  for (const outcome of render.outcomes.values()) {
    if (!checkable(outcome)) continue;
    keep.add(outcome.uri);
    index.update(outcome.uri, outcome.text ?? '', { context: !first && outcome.uri !== focus });
  }
  for (const file of [...index.files()]) if (!keep.has(file.uri)) index.remove(file.uri);
  return index;
}

/** A template whose output is a manifest Archipel checks: YAML, rendered without error, required value or fail. */
export function checkable(outcome: TemplateOutcome): boolean {
  return outcome.text !== undefined && !outcome.error && outcome.events.length === 0 && /\.ya?ml$/i.test(outcome.uri) && outcome.text.trim() !== '';
}

/** Rendered-manifest findings of one template, placed in the template (offsets in its text). */
export function manifestFindings(render: ChartRender, outcome: TemplateOutcome, kubernetes: Feature, context: FeatureContext, owner: object): Finding[] {
  if (!checkable(outcome) || !outcome.segments) return [];
  const index = renderedIndex(render, owner, outcome.uri);
  const file = index.get(outcome.uri);
  if (!file) return [];
  const segments = outcome.segments;
  const placed: Finding[] = [];
  const place = (finding: Finding, offset: number) => {
    const { range, exact } = mapExactly(segments, finding.start + offset, finding.end + offset);
    const { data, fix, related, ...rest } = finding;
    // A fix whose text the template holds as it is (a "did you mean" on a key written in the template) is a fix of the template;
    // one of text an action wrote is not: the action, not its output, is what to change.
    const edits = fix?.edits.map((edit) => ({ edit, at: mapExactly(segments, edit.start + offset, edit.end + offset) }));
    placed.push({
      ...rest,
      start: range[0],
      end: range[1],
      ...(exact && data !== undefined ? { data } : {}),
      ...(fix && edits?.every((e) => e.at.exact) ? { fix: { title: fix.title, edits: edits.map(({ edit, at }) => ({ start: at.range[0], end: at.range[1], newText: edit.newText })) } } : {}),
      ...(related ? { related: related.filter((r) => 'uri' in r) } : {}),
    });
  };
  const yaml = file.yaml;
  let wellFormed = true;
  for (const { offset, chunk } of yaml?.chunks ?? []) {
    for (const finding of syntaxFindings(chunk)) {
      wellFormed = false;
      place({ ...finding, code: renderedYamlRule.id, severity: undefined, message: t('The template renders YAML that does not parse: {0}', finding.message) }, offset);
    }
  }
  if (!wellFormed) return placed;
  const allObjects = complete(render);
  const lists = (yaml?.chunks ?? []).filter(({ chunk }) => (chunk.value as { kind?: unknown } | null)?.kind === 'List').map(({ offset, chunk }) => [offset, offset + chunk.text.length]);
  for (const { offset, finding } of kubernetes.findings?.(file, { ...context, index }) ?? []) {
    if (!allObjects && crossObjectRules.has(finding.code)) continue;
    // A List is kubectl's, not the API's: the Kubernetes family has no schema for it; its items are what Helm applies.
    if (finding.code === 'k8s-unknown-kind' && lists.some(([from, to]) => offset >= from && offset < to)) continue;
    // A later removal is helm lint's deprecation check: said under its own id.
    if (finding.code === 'k8s-removed-api' && finding.severity === 'warning') place({ ...finding, code: deprecatedApiRule.id, severity: undefined }, offset);
    else place(finding, offset);
  }
  for (const { offset, chunk } of yaml?.chunks ?? []) for (const finding of lintFindings(chunk)) place(finding, offset);
  return placed;
}
