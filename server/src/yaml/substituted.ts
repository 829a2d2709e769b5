/**
 * A YAML file filled by text substitution before anything reads it — `envsubst`, a `sed s/__NAME__/…/`, clusterctl
 * (Cluster API's `cluster-template*.yaml`, with `${CLUSTER_NAME}` and `${VAR:=default}`): `name: ${CLUSTER_NAME}-md-0`
 * is a valid name once filled, `replicas: ${WORKER_MACHINE_COUNT}` an integer. It is not the YAML it becomes, so it is
 * said once (yaml-template), never judged by a schema or a family's checks.
 *
 * Recognised either way:
 * - by its name saying it is a template — a part `template`, `tpl` or `tmpl` of its name before the YAML extension
 *   (`cluster-template-development.yaml`, `deployment.template.yaml`, `app.tpl.yml`, not `kubeadmconfigtemplates.yaml`)
 *   — and a placeholder of such a tool: `${NAME}` (with an operator after the name: `${NAME:=x}`, `${NAME:-x}`) or
 *   `__NAME__`. A CloudFormation/SAM `template.yaml` is not one (its `${AWS::Region}` is `!Sub`'s, read by
 *   CloudFormation), nor a CI workflow (its scripts' `${X}` are the shell's);
 * - or, whatever its name, as a Kubernetes manifest (`apiVersion:` and `kind:` at the top level) with a `${NAME}`
 *   placeholder as a whole plain value (`data: ${CNI_RESOURCES}` in Cluster API's `bases/crs.yaml`): no tool applying
 *   manifests reads that text as it is; envsubst, clusterctl or Flux's post-build substitution fill it first; or a
 *   `{NAME}` glued to more of a plain value (`{SERVICE_IP_PREFIX}.16`), which sed fills. A Compose
 *   file interpolates its own `${…}` and is no Kubernetes manifest.
 * One pass over the text, bounded looks, no regular expression with overlapping quantifiers on the content.
 */

import { opensBlockScalar } from './goTemplate';

const templateName = /(?:^|[-_.])(?:template|tpl|tmpl)(?:[-_.][^/]*)?\.ya?ml$/i;

const nameStart = (c: string | undefined) => c !== undefined && ((c >= 'A' && c <= 'Z') || c === '_' || (c >= 'a' && c <= 'z'));
const nameChar = (c: string | undefined) => c !== undefined && (nameStart(c) || (c >= '0' && c <= '9'));

/**
 * Whether a `$` at `at` opens a placeholder: `${NAME}`, `${NAME<operator>…}`. A bare `$NAME` is a shell's too (a
 * workflow's `run: echo "$FOO"`): it proves nothing.
 */
function dollarPlaceholder(text: string, at: number): boolean {
  if (text[at + 1] !== '{') return false;
  // GitHub's `${{ … }}` is no placeholder of these tools.
  let i = at + 2;
  if (!nameStart(text[i])) return false;
  const end = Math.min(text.length, i + 200);
  while (i < end && nameChar(text[i])) i++;
  return text[i] === '}' || text[i] === ':' || text[i] === '-' || text[i] === '=';
}

/** Whether `__` at `at` opens a `__NAME__` placeholder (upper case, at least one letter). */
function underscorePlaceholder(text: string, at: number): boolean {
  if (at > 0 && nameChar(text[at - 1])) return false;
  let i = at + 2;
  if (!(text[i] >= 'A' && text[i] <= 'Z')) return false;
  const end = Math.min(text.length, i + 200);
  while (i < end && ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= '0' && text[i] <= '9') || (text[i] === '_' && text[i + 1] !== '_'))) i++;
  return text.startsWith('__', i) && !nameChar(text[i + 2]);
}

/** Whether the text has `key` at the start of a line (a top-level key of one of its documents). */
function topLevelKey(text: string, key: string): boolean {
  return text.startsWith(key) || text.includes(`\n${key}`);
}

/**
 * Whether the `{` at `at` opens a `{NAME}` placeholder glued to more of the value (`clusterIP: {SERVICE_IP_PREFIX}.16`,
 * cert-manager's make/config/bind/service.yaml, which its Makefile pipes through `sed -e "s|{SERVICE_IP_PREFIX}|…|g"`):
 * YAML cannot hold text after a flow mapping's `}`, so it is no YAML value mistyped but a placeholder sed fills. The
 * name is upper case (`{A_B1}`); a whole `{NAME}` value is a valid (if odd) flow mapping and proves nothing.
 */
function gluedBracePlaceholder(text: string, at: number, end: number): boolean {
  let i = at + 1;
  if (!(text[i] >= 'A' && text[i] <= 'Z')) return false;
  while (i < end && ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= '0' && text[i] <= '9') || text[i] === '_')) i++;
  if (text[i] !== '}') return false;
  const next = text[i + 1];
  return i + 1 < end && next !== ' ' && next !== '\t' && next !== '\r' && next !== ',' && next !== '}' && next !== ']';
}

/**
 * The offset of a `${NAME}` placeholder that is a whole plain value (`key: ${X}`, `- ${X}`, a comment after it), or
 * undefined. A block scalar's lines are text (a ConfigMap's embedded configuration, whose `${…}` its program reads).
 */
function wholeValuePlaceholder(text: string): number | undefined {
  let scalarParent: number | undefined;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let i = start;
    while (i < end && text[i] === ' ') i++;
    const indent = i - start;
    if (scalarParent !== undefined && (i === end || text[i] === '\r' || indent > scalarParent)) {
      start = end + 1;
      continue;
    }
    scalarParent = undefined;
    const item = text.startsWith('- ', i);
    if (item) i += 2;
    const content = text.slice(i, end);
    // A block scalar's text is what is indented past its parent: the line's own indentation for `- |`, its key's for `- key: |`.
    if (opensBlockScalar(content)) {
      scalarParent = item && (content[0] === '|' || content[0] === '>') ? indent : i - start;
      start = end + 1;
      continue;
    }
    // Looked for within the line only: a search running on past it would make the pass quadratic.
    const colon = content.indexOf(': $');
    const at = text.startsWith('$', i) ? i : colon >= 0 ? i + colon + 2 : -1;
    if (at >= 0 && text[at + 1] === '{' && dollarPlaceholder(text, at)) {
      const close = text.indexOf('}', at);
      let after = close + 1;
      while (after < end && (text[after] === ' ' || text[after] === '\r')) after++;
      if (close >= 0 && close < end && (after === end || text[after] === '#')) return at;
    }
    const brace = content.indexOf(': {');
    if (brace >= 0 && gluedBracePlaceholder(text, i + brace + 2, end)) return i + brace + 2;
    start = end + 1;
  }
  return undefined;
}

/** The offset of the first placeholder that makes a YAML file a substitution template, or undefined. */
export function substitutedAt(uri: string, text: string): number | undefined {
  if (!text.includes('$') && !text.includes('__') && !text.includes(': {')) return undefined;
  const base = uri.slice(uri.lastIndexOf('/') + 1);
  if (!templateName.test(base)) return topLevelKey(text, 'apiVersion:') && topLevelKey(text, 'kind:') && !/^(docker-)?compose/i.test(base) ? wholeValuePlaceholder(text) : undefined;
  // A CI workflow (actionlint's `evaluated_template.yaml`) runs shell scripts, whose `${X}` the shell fills.
  if (text.includes('AWSTemplateFormatVersion') || text.includes('AWS::Serverless') || /\/\.(github|gitea|forgejo)\/workflows\//.test(uri)) return undefined;
  for (let at = text.indexOf('$'); at >= 0; at = text.indexOf('$', at + 1)) if (dollarPlaceholder(text, at)) return at;
  for (let at = text.indexOf('__'); at >= 0; at = text.indexOf('__', at + 1)) if (underscorePlaceholder(text, at)) return at;
  return undefined;
}
