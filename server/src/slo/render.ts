/**
 * A Sloth spec file turned into the rules file Sloth writes for it: for a `prometheus/v1` document
 * a Prometheus rule file (`groups:`), for a `PrometheusServiceLevel` a prometheus-operator
 * `PrometheusRule` named and labelled as the custom resource; one output document per spec
 * document, in the same order, separated by `---`.
 */
import { jsYaml } from '../yaml/jsYaml';
import { parseYamlFile } from '../yaml/model';
import { deepestInTree } from '../yaml/tree';
import { generateSloGroups, type GeneratedGroup, type GeneratedRule } from './generate';
import { readSloSpec, sloSpecKind, type SloGroup, type SloSpecError } from './spec';
import { DEFAULT_SLO_PERIOD, SLO_PERIODS } from './windows';

export interface SloGenerateOptions {
  /** The SLO period in milliseconds (30 or 28 days); 30 days when absent. */
  period?: number;
  /** `sloth_version` written in `sloth_slo_info`. */
  version?: string;
  /** Labels added to every generated rule of every SLO (Sloth's `--extra-labels`). */
  extraLabels?: Record<string, string>;
}

export interface SloGeneratedDocument {
  /** Index of the spec document in the file (counting every YAML document). */
  index: number;
  /** Line (0-based) where the spec document starts. */
  line: number;
  kind: SloGroup['kind'];
  groups: GeneratedGroup[];
  /** The whole output document (rule file or PrometheusRule) as a plain value. */
  output: Record<string, unknown>;
}

export interface SloGenerateResult {
  documents: SloGeneratedDocument[];
  errors: (SloSpecError & { document: number; line: number })[];
  /** (each error's `line`: the 0-based line of the key its path names, as deep as it exists) */
  /** The rules file text (empty when there were errors or no spec). */
  text: string;
}

export const DEFAULT_GENERATOR_VERSION = 'archipel';

function ruleValue(rule: GeneratedRule, k8s: boolean): Record<string, unknown> {
  // Sloth writes rulefmt.Rule with yaml.v2 (field order) for a rule file, and the operator's type through JSON (sorted keys) for Kubernetes.
  const value: Record<string, unknown> = {};
  if (k8s) {
    if (rule.alert !== undefined) value.alert = rule.alert;
    if (rule.annotations) value.annotations = rule.annotations;
    value.expr = rule.expr;
    value.labels = rule.labels;
    if (rule.record !== undefined) value.record = rule.record;
    return value;
  }
  if (rule.record !== undefined) value.record = rule.record;
  if (rule.alert !== undefined) value.alert = rule.alert;
  value.expr = rule.expr;
  value.labels = rule.labels;
  if (rule.annotations) value.annotations = rule.annotations;
  return value;
}

function outputOf(group: SloGroup, generated: GeneratedGroup[]): Record<string, unknown> {
  if (group.kind === 'prometheus/v1' || !group.k8s) {
    return { groups: generated.map((g) => ({ name: g.name, rules: g.rules.map((r) => ruleValue(r, false)) })) };
  }
  const labels: Record<string, string> = { ...group.k8s.labels, 'app.kubernetes.io/component': 'SLO', 'app.kubernetes.io/managed-by': 'sloth' };
  const sortedLabels: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) sortedLabels[key] = labels[key];
  const metadata: Record<string, unknown> = { labels: sortedLabels, name: group.k8s.name };
  if (group.k8s.namespace) metadata.namespace = group.k8s.namespace;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata,
    spec: { groups: generated.map((g) => ({ name: g.name, rules: g.rules.map((r) => ruleValue(r, true)) })) },
  };
}

/** Generates the rules of every Sloth spec document of a file; documents that are no spec are skipped. */
export function generateSloRules(text: string, options: SloGenerateOptions = {}): SloGenerateResult {
  const period = options.period ?? DEFAULT_SLO_PERIOD;
  const windows = SLO_PERIODS.get(period);
  const result: SloGenerateResult = { documents: [], errors: [], text: '' };
  const file = parseYamlFile(text, undefined, false);
  if (!windows) {
    result.errors.push({ document: 0, line: 0, path: [], message: 'unsupported SLO period: 30d and 28d have alert windows' });
    return result;
  }
  file.chunks.forEach(({ offset, chunk }, index) => {
    const value = chunk.value;
    if (value === null || value === undefined || !sloSpecKind(value)) return;
    const line = file.lines.positionAt(offset).line;
    const read = readSloSpec(value);
    for (const error of read.errors) {
      // The key the path names (or its deepest existing parent): where an editor or a terminal shows it.
      const found = error.path.length > 0 ? deepestInTree(chunk.tree, error.path) : undefined;
      const at = found ? (found.key ?? found.node) : null;
      result.errors.push({ ...error, document: index, line: at ? file.lines.positionAt(offset + at.start).line : line });
    }
    if (!read.group) return;
    const info = {
      version: options.version ?? DEFAULT_GENERATOR_VERSION,
      mode: read.group.kind === 'prometheus/v1' ? 'cli-gen-prom' : 'cli-gen-k8s',
      spec: read.group.kind,
      extraLabels: options.extraLabels ?? {},
    };
    try {
      const groups = read.group.slos.flatMap((slo) => generateSloGroups(slo, windows, info));
      result.documents.push({ index, line, kind: read.group.kind, groups, output: outputOf(read.group, groups) });
    } catch (error) {
      result.errors.push({ document: index, line, path: [], message: error instanceof Error ? error.message : String(error) });
    }
  });
  if (result.errors.length === 0 && result.documents.length > 0) {
    const header = `# Code generated by Archipel from a Sloth spec (${options.version ?? DEFAULT_GENERATOR_VERSION}): the rules Sloth generates.\n# DO NOT EDIT.\n\n`;
    result.text = result.documents.map((d) => header + jsYaml().dump(d.output, { lineWidth: -1, noRefs: true })).join('---\n');
  }
  return result;
}
