/**
 * A Go template (text/template: Helm outside a chart, an operator's embedded manifests, consul-template, Nomad's
 * `template` stanzas, krew's `.krew.yaml`) saved with a YAML name. It is not YAML until rendered, so it is said
 * once (yaml-template), never read as YAML: its `{{- if … }}` lines would be a cascade of syntax errors.
 *
 * Recognised, without parsing, by an action where YAML cannot hold one: at the start of a line (after its
 * indentation and a `- `), or as a plain value (`key: {{ .X }}`) whose action is Go's own (`{{-`, `{{ .`, `{{ $`,
 * a keyword, a function called Go's way: `{{ env "X" }}`). An action inside a block scalar (an alert's `description: |` with `{{ $labels.job }}`) or a quoted
 * string is text, and the file stays YAML. One pass over the lines, no regular expression on their content.
 */
import { defineRule } from '../rules/registry';

export const yamlTemplateRule = defineRule({
  id: 'yaml-template',
  defaultSeverity: 'information',
  description: 'A file with a YAML name is a template — a Go template (its actions where YAML cannot hold them), a resource Maven filters (`${a.b}`, `@a.b@` under src/main/resources), or a template-named file with `${NAME}` or `__NAME__` placeholders envsubst, sed or clusterctl fill (`cluster-template.yaml`, `deployment.template.yaml`), or a Kubernetes manifest with a whole `${NAME}` value or a `{NAME}` glued to a value (`{SERVICE_IP_PREFIX}.16`): it is checked once rendered, not read as YAML.',
});

/** Go's own openings of an action (Jinja and GitHub's `${{ }}` use none of them). */
const GO_WORDS = ['if ', 'else', 'end', 'range ', 'with ', 'define ', 'template ', 'block ', 'include ', 'break', 'continue', '/*'];

function goAction(text: string, at: number): boolean {
  let i = at + 2;
  if (text[i] === '-') i++;
  else if (text[i] !== ' ' && text[i] !== '.' && text[i] !== '$' && text[i] !== '/') return false;
  while (text[i] === ' ') i++;
  const c = text[i];
  if (c === '.' || c === '$') return true;
  if (GO_WORDS.some((word) => text.startsWith(word, i))) return true;
  // A function called with space-separated arguments (consul-template's and Nomad's `{{ env "NOMAD_ALLOC_DIR" }}`,
  // `{{ key "a/b" }}`): Jinja calls with parentheses and filters with `|`.
  let end = i;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end++;
  return end > i && text[end] === ' ' && '"$.('.includes(text[end + 1] ?? ' ');
}

/** Whether a line's content (after its indentation) ends by opening a block scalar (`key: |`, `- >-`, `|2`), its comment aside. */
export function opensBlockScalar(content: string): boolean {
  let end = content.length;
  const hash = content.indexOf(' #');
  if (hash >= 0) end = hash;
  while (end > 0 && (content[end - 1] === ' ' || content[end - 1] === '\r')) end--;
  let i = end;
  while (i > 0 && '+-0123456789'.includes(content[i - 1])) i--;
  if (i === 0 || (content[i - 1] !== '|' && content[i - 1] !== '>')) return false;
  return i === 1 || content[i - 2] === ' ';
}

function indentOf(line: string): number {
  let i = 0;
  while (line[i] === ' ') i++;
  return i;
}

/**
 * The offset of the first action that makes the text a Go template rather than YAML, or undefined. The text is a
 * YAML file's (the caller picks those by name).
 */
export function goTemplateAt(text: string): number | undefined {
  if (!text.includes('{{')) return undefined;
  let scalarParent: number | undefined;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    const indent = indentOf(line);
    const blank = indent === line.length || line[indent] === '\r';
    if (scalarParent !== undefined && (blank || indent > scalarParent)) {
      start = end + 1;
      continue;
    }
    scalarParent = undefined;
    let content = line.slice(indent);
    let offset = start + indent;
    if (content.startsWith('- ')) {
      const item = indentOf(content.slice(1)) + 1;
      content = content.slice(item);
      offset += item;
    }
    // An action opening the line (`{{ if .X }}`, `{{- range … }}`, `{{/* a comment */}}`), not any run of braces (a line of `{{{{…` is no template).
    if (content.startsWith('{{') && (goAction(content, 0) || /^\{\{-?\s*\/\*/.test(content))) return offset;
    const action = plainValueAction(content);
    if (action !== undefined && goAction(content, action)) return offset + action;
    // A block scalar's text is what is indented past its parent: the line's own indentation for `- |`, its key's for `- key: |`.
    if (opensBlockScalar(content)) scalarParent = content[0] === '|' || content[0] === '>' ? indent : offset - start;
    start = end + 1;
  }
  return undefined;
}

/** Where a `key: {{ … }}` line's plain value opens with an action (the key unquoted, no comment before it). */
function plainValueAction(content: string): number | undefined {
  const open = content.indexOf(': {{');
  if (open < 0) return undefined;
  for (let i = 0; i < open; i++) if (content[i] === '#' || content[i] === '"' || content[i] === "'" || content[i] === '{' || content[i] === '[') return undefined;
  return open + 2;
}
