/**
 * The JSON syntax (`*.tf.json`) read as Terraform reads it: the root object's properties are block
 * types, a labelled block's labels are nested property names, arrays give several blocks, `"//"`
 * properties are comments, strings are templates (`"${var.x}"`) and the arguments Terraform reads
 * as expressions (a variable's `type`, `depends_on`, `provider`…) are expressions. Which properties
 * of a body are nested blocks is Terraform's own knowledge for its blocks; a provider's nested blocks
 * stay attributes holding objects (schema checks tell them apart).
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { t } from '../../l10n/t';
import { parseSnippet, shiftedExpr } from './parse';
import type { Attribute, Block, Body, Expr, HclFile, Label, SyntaxProblem } from './syntax';

/** Labels of each block type, and the nested block types of each (Terraform's configuration schema). */
const BLOCKS: Record<string, { labels: number; nested?: string[] }> = {
  terraform: { labels: 0, nested: ['required_providers', 'backend', 'cloud', 'provider_meta'] },
  backend: { labels: 1 },
  provider_meta: { labels: 1 },
  cloud: { labels: 0, nested: ['workspaces'] },
  workspaces: { labels: 0 },
  required_providers: { labels: 0 },
  provider: { labels: 1 },
  variable: { labels: 1, nested: ['validation'] },
  validation: { labels: 0 },
  locals: { labels: 0 },
  output: { labels: 1, nested: ['precondition'] },
  module: { labels: 1 },
  resource: { labels: 2, nested: ['lifecycle', 'provisioner', 'connection', 'dynamic'] },
  data: { labels: 2, nested: ['lifecycle', 'dynamic'] },
  ephemeral: { labels: 2, nested: ['lifecycle', 'dynamic'] },
  lifecycle: { labels: 0, nested: ['precondition', 'postcondition', 'action_trigger'] },
  action_trigger: { labels: 0 },
  action: { labels: 2, nested: ['config'] },
  config: { labels: 0 },
  precondition: { labels: 0 },
  postcondition: { labels: 0 },
  provisioner: { labels: 1, nested: ['connection'] },
  connection: { labels: 0 },
  dynamic: { labels: 1, nested: ['content'] },
  content: { labels: 0 },
  moved: { labels: 0 },
  import: { labels: 0 },
  removed: { labels: 0, nested: ['lifecycle', 'provisioner', 'connection'] },
  check: { labels: 1, nested: ['data', 'assert'] },
  assert: { labels: 0 },
};
const ROOT_BLOCKS = ['terraform', 'provider', 'variable', 'locals', 'output', 'module', 'resource', 'data', 'ephemeral', 'action', 'moved', 'import', 'removed', 'check'];

/** Arguments Terraform reads as expressions in JSON (a string there is an expression, not a template). */
const EXPRESSION_ARGUMENTS: Record<string, string[]> = {
  variable: ['type'],
  output: ['type', 'depends_on'],
  resource: ['depends_on', 'provider'],
  data: ['depends_on', 'provider'],
  ephemeral: ['depends_on', 'provider'],
  module: ['depends_on', 'providers'],
  lifecycle: ['ignore_changes', 'replace_triggered_by'],
  action_trigger: ['events', 'actions'],
  action: ['depends_on', 'provider'],
  moved: ['from', 'to'],
  import: ['to', 'provider'],
  removed: ['from'],
  provisioner: ['when', 'on_failure'],
};

/** JSON nested deeper than this is refused before parsing (jsonc-parser reads recursively). */
const MAX_JSON_DEPTH = 200;

function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

const empty = (): Body => ({ attributes: [], blocks: [] });

/** A `*.tf.json` file's syntax; `variables`: a `*.tfvars.json` file, whose properties are all arguments. */
export function parseTerraformJson(text: string, variables = false): HclFile {
  const file: HclFile = { body: empty(), comments: [], errors: [], limits: [], json: true };
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    file.limits.push({ start: 0, end: 0, message: t('JSON nested more than {0} levels deep is not read (a limit of Archipel).', MAX_JSON_DEPTH) });
    return file;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const first = errors[0];
    file.errors.push({ start: first.offset, end: first.offset + Math.max(1, first.length), message: t('Invalid JSON: {0}.', printParseErrorCode(first.error)) });
    return file;
  }
  if (!root) return file;
  if (root.type === 'array' && (root.children ?? []).every((c) => c.type === 'object')) {
    // HCL reads an array of objects at the root as their merge (tflint's terraform_json_syntax warns).
    file.body = new JsonReader(text, file.errors).body(root, variables ? 'locals' : '', new Set(variables ? [] : ROOT_BLOCKS));
    return file;
  }
  if (root.type !== 'object') {
    file.errors.push({ start: root.offset, end: root.offset + root.length, message: t('Incorrect JSON value type: the root of a Terraform JSON file must be an object.') });
    return file;
  }
  const reader = new JsonReader(text, file.errors);
  file.body = reader.body(root, variables ? 'locals' : '', new Set(variables ? [] : ROOT_BLOCKS));
  return file;
}

class JsonReader {
  constructor(
    private readonly text: string,
    private readonly errors: SyntaxProblem[],
  ) {}

  /** An object as a body of `type`, whose `nested` properties are blocks. */
  body(node: Node, type: string, nested: ReadonlySet<string>): Body {
    const body = empty();
    const objects = node.type === 'array' ? (node.children ?? []).filter((c) => c.type === 'object') : [node];
    for (const object of objects) {
      for (const property of object.children ?? []) {
        const [keyNode, value] = property.children ?? [];
        if (!keyNode || !value) continue;
        const name = String(keyNode.value);
        if (name === '//') continue;
        const nameSpan = { start: keyNode.offset + 1, end: keyNode.offset + keyNode.length - 1 };
        if (nested.has(name)) {
          this.blocks(name, keyNode, value, body);
          continue;
        }
        const asExpression = (EXPRESSION_ARGUMENTS[type] ?? []).includes(name);
        const expr = type === 'locals' || type === 'required_providers' ? this.value(value, false) : this.value(value, asExpression);
        body.attributes.push({ kind: 'attribute', name, nameSpan, expr, start: keyNode.offset, end: value.offset + value.length } satisfies Attribute);
      }
    }
    return body;
  }

  /** The blocks of type `type` a property's value holds (labels as nested property names, arrays of bodies). */
  private blocks(type: string, keyNode: Node, value: Node, into: Body): void {
    const info = BLOCKS[type] ?? { labels: 0 };
    const nested = new Set(info.nested ?? []);
    const typeSpan = { start: keyNode.offset + 1, end: keyNode.offset + keyNode.length - 1 };
    const walk = (node: Node, labels: Label[]): void => {
      if (labels.length === info.labels) {
        const bodies = node.type === 'array' ? (node.children ?? []) : [node];
        for (const b of bodies) {
          if (b.type !== 'object') {
            this.errors.push({ start: b.offset, end: b.offset + b.length, message: t('Incorrect JSON value type: a "{0}" block must be a JSON object.', type) });
            continue;
          }
          const block: Block = { kind: 'block', type, typeSpan, labels, body: this.body(b, type, nested), start: keyNode.offset, end: b.offset + b.length, open: b.offset, close: b.offset + b.length - 1 };
          into.blocks.push(block);
        }
        return;
      }
      const objects = node.type === 'array' ? (node.children ?? []) : [node];
      for (const object of objects) {
        if (object.type !== 'object') {
          this.errors.push({ start: object.offset, end: object.offset + object.length, message: t('Incorrect JSON value type: a "{0}" block must be a JSON object.', type) });
          continue;
        }
        for (const property of object.children ?? []) {
          const [labelNode, inner] = property.children ?? [];
          if (!labelNode || !inner || labelNode.value === '//') continue;
          walk(inner, [...labels, { value: String(labelNode.value), start: labelNode.offset, end: labelNode.offset + labelNode.length, quoted: true, template: false }]);
        }
      }
    };
    walk(value, []);
  }

  /** A JSON value as an expression: strings are templates (or expressions where Terraform says so). */
  private value(node: Node, expression: boolean): Expr {
    const span = { start: node.offset, end: node.offset + node.length };
    switch (node.type) {
      case 'string':
        return this.string(node, expression);
      case 'number':
        return { kind: 'literal', type: 'number', value: node.value as number, ...span };
      case 'boolean':
        return { kind: 'literal', type: 'bool', value: node.value as boolean, ...span };
      case 'null':
        return { kind: 'literal', type: 'null', value: null, ...span };
      case 'array':
        return { kind: 'tuple', items: (node.children ?? []).map((c) => this.value(c, expression)), ...span };
      case 'object':
        return {
          kind: 'object',
          items: (node.children ?? []).flatMap((property) => {
            const [keyNode, value] = property.children ?? [];
            if (!keyNode || !value) return [];
            return [{ key: this.string(keyNode, false), value: this.value(value, expression) }];
          }),
          ...span,
        };
      default:
        return { kind: 'invalid', ...span };
    }
  }

  private string(node: Node, expression: boolean): Expr {
    const span = { start: node.offset, end: node.offset + node.length };
    const content = String(node.value);
    const raw = this.text.slice(node.offset + 1, node.offset + node.length - 1);
    const parsed = parseSnippet(content, expression ? 'expression' : 'template');
    if (!parsed) {
      if (expression) return { kind: 'literal', type: 'string', value: content, ...span };
      this.errors.push({ ...span, message: t('Invalid template: this string does not parse as an HCL template.') });
      return { kind: 'invalid', ...span };
    }
    // Offsets in the content are offsets in the file when the string has no escapes; else the whole string.
    if (raw === content) return shiftedExpr(parsed, node.offset + 1);
    return spanEverywhere(parsed, span);
  }
}

/** An expression whose every offset is the string's span (its escapes make finer offsets wrong). */
function spanEverywhere(expr: Expr, span: { start: number; end: number }): Expr {
  const copy = shiftedExpr(expr, 0);
  const stack: unknown[] = [copy];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      stack.push(...(value as unknown[]));
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(record)) {
      if (key === 'start') record[key] = span.start;
      else if (key === 'end') record[key] = span.end;
      else if (v && typeof v === 'object') stack.push(v);
    }
  }
  return copy;
}
