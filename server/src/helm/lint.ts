/**
 * helm lint's checks of rendered documents beyond parsing: a document starting indented, an
 * object name its kind does not accept (the names helm lint validates per kind), a List whose
 * items carry helm.sh/resource-policy (ignored there), a workload without matchLabels or
 * matchExpressions.
 */
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import type { YamlChunk } from '../yaml/model';
import { deepestInTree, pairOf, spanOf } from '../yaml/tree';
import { objectNameRule, resourcePolicyListRule, selectorRule, topIndentRule } from './rules';

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a name of `kind`, as Kubernetes' validation for that kind says; undefined when it is. */
export function nameProblem(kind: string, name: string): string | undefined {
  switch (kind.toLowerCase()) {
    case 'service':
      if (name.length > 63) return t('must be no more than 63 characters');
      return dnsLabel1035.test(name) ? undefined : t('a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character');
    case 'namespace':
      if (name.length > 63) return t('must be no more than 63 characters');
      return dnsLabel1123.test(name) ? undefined : t('a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character');
    case 'certificatesigningrequest':
      return undefined;
    case 'role':
    case 'clusterrole':
    case 'rolebinding':
    case 'clusterrolebinding':
      if (name === '.' || name === '..') return t('may not be \'.\' or \'..\'');
      return /[/%]/.test(name) ? t('may not contain \'/\' or \'%\'') : undefined;
    default:
      if (name.length > 253) return t('must be no more than 253 characters');
      return dnsSubdomain.test(name) ? undefined : t('a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character');
  }
}

/** helm lint's checks of one rendered document (offsets in the chunk). */
export function lintFindings(chunk: YamlChunk): Finding[] {
  const findings: Finding[] = [];
  const firstLine = /^(?:[ \t]*(?:#.*)?\r?\n)*([ \t]+)\S/.exec(chunk.text);
  if (firstLine && !/^---/.test(chunk.text.trimStart())) {
    const at = firstLine.index + firstLine[0].length - 1;
    findings.push({ start: at, end: at + 1, code: topIndentRule.id, message: t('The rendered document starts with an indent, which YAML parsers read differently: start it at column 0.') });
  }
  const value = chunk.value as { kind?: unknown; metadata?: { name?: unknown }; items?: unknown } | null;
  if (!value || typeof value !== 'object' || typeof value.kind !== 'string') return findings;
  const kind = value.kind;
  const tree = chunk.tree;
  const name = value.metadata?.name;
  if (typeof name === 'string') {
    const problem = nameProblem(kind, name);
    const at = spanOf(deepestInTree(tree, ['metadata', 'name']).node) ?? [0, 0];
    if (problem) findings.push({ start: at[0], end: at[1], code: objectNameRule.id, message: t('object name does not conform to Kubernetes naming requirements: "{0}": {1}', name, problem) });
  }
  if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(kind) && !chunk.text.includes('matchLabels') && !chunk.text.includes('matchExpressions')) {
    const at = spanOf(pairOf(tree, 'kind')?.value) ?? [0, 0];
    findings.push({ start: at[0], end: at[1], code: selectorRule.id, message: t('a {0} must contain matchLabels or matchExpressions, and "{1}" does not', kind, typeof name === 'string' ? name : '') });
  }
  if (kind === 'List' && Array.isArray(value.items)) {
    value.items.forEach((item: unknown, i) => {
      const annotations = (item as { metadata?: { annotations?: unknown } } | null)?.metadata?.annotations;
      if (annotations && typeof annotations === 'object' && Object.prototype.hasOwnProperty.call(annotations, 'helm.sh/resource-policy')) {
        const at = spanOf(deepestInTree(tree, ['items', i, 'metadata', 'annotations', 'helm.sh/resource-policy']).key) ?? [0, 0];
        findings.push({ start: at[0], end: at[1], code: resourcePolicyListRule.id, message: t("annotation 'helm.sh/resource-policy' within List objects are ignored") });
      }
    });
  }
  return findings;
}
