/**
 * Hover in Terraform files as terraform-ls shows it, from the schemas the checks read: an attribute
 * (`**ami** _optional, string_` and its description), a block type (`**ebs_block_device** _Block,
 * list_`), a resource type label (`` `aws_instance` hashicorp/aws 6.66.0`` and its registry page), a
 * step of a reference that reads what an object exports (`aws_lb.this.arn`), a function (its
 * signature); a declared name (a variable, a local, an output, a module, a resource) is described by
 * its declaration (editor.ts).
 */
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { declared, moduleOf, tolerantSyntaxOf, type TerraformModule } from '../model/model';
import { subExpressions, type Block, type Body, type Expr, type Span } from '../syntax/syntax';
import type { Header } from './context';
import type { EditorData } from './completion';
import { functionHover } from './functions';
import { attributeDetail, blockDetail, friendlyType, registryUrl, resolveType } from './schema';
import type { SchemaKind } from '../model/providerSchemas';
import { bodyView, referenceView } from './scope';

/** What is at an offset of a file's tree. */
type Place =
  | { kind: 'blockType'; path: Header[]; block: Block }
  | { kind: 'label'; path: Header[]; block: Block; index: number }
  | { kind: 'attribute'; path: Header[]; name: string; span: Span }
  | { kind: 'expression'; path: Header[]; expr: Expr };

const within = (span: Span, offset: number) => offset >= span.start && offset <= span.end;
const headerOf = (block: Block): Header => ({ type: block.type, labels: block.labels.map((l) => l.value) });

/** The place of the tree at `offset`: a block's type or label, an attribute's name, the innermost expression. */
function placeAt(body: Body, offset: number): Place | undefined {
  const path: Header[] = [];
  let current: Body | undefined = body;
  for (let depth = 0; current && depth < 64; depth++) {
    const attribute = current.attributes.find((a) => within(a, offset));
    if (attribute) {
      if (within(attribute.nameSpan, offset)) return { kind: 'attribute', path, name: attribute.name, span: attribute.nameSpan };
      let found: Expr | undefined;
      for (const e of subExpressions(attribute.expr)) if (within(e, offset) && (!found || e.end - e.start <= found.end - found.start)) found = e;
      return found ? { kind: 'expression', path, expr: found } : undefined;
    }
    const block: Block | undefined = current.blocks.find((b) => within(b, offset));
    if (!block) return undefined;
    if (within(block.typeSpan, offset)) return { kind: 'blockType', path, block };
    const label = block.labels.findIndex((l) => within(l, offset));
    if (label !== -1) return { kind: 'label', path, block, index: label };
    path.push(headerOf(block));
    current = block.body;
  }
  return undefined;
}

const TABLES: Record<string, SchemaKind> = { resource: 'resource', data: 'data', ephemeral: 'ephemeral' };

/** Hover from the schemas at `offset`; undefined where they say nothing. */
export function schemaHover(index: WorkspaceIndex, file: IndexedFile, offset: number, data: EditorData): Hover | undefined {
  const module = moduleOf(index, file);
  const place = placeAt(tolerantSyntaxOf(file).body, offset);
  if (!place) return undefined;
  const hover = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: file.lines.range(span.start, span.end) });
  switch (place.kind) {
    case 'attribute': {
      const a = bodyView(module, data, place.path)?.attributes.get(place.name);
      return a ? hover(`**${a.name}** _${attributeDetail(a)}_${a.description ? `\n\n${a.description}` : ''}`, place.span) : undefined;
    }
    case 'blockType': {
      const b = bodyView(module, data, place.path)?.blocks.get(place.block.type);
      return b ? hover(`**${b.name}** _${blockDetail(b)}_${b.description ? `\n\n${b.description}` : ''}`, place.block.typeSpan) : undefined;
    }
    case 'label':
      return labelHover(module, place, data, hover);
    case 'expression':
      return expressionHover(module, place.expr, offset, data, hover);
  }
}

function labelHover(module: TerraformModule, place: Extract<Place, { kind: 'label' }>, data: EditorData, hover: (value: string, span: Span) => Hover): Hover | undefined {
  const { block, index: which } = place;
  const table = TABLES[block.type];
  if (!table || which !== 0 || !(place.path.length === 0 || (block.type === 'data' && place.path[0]?.type === 'check'))) return undefined;
  const type = block.labels[0].value;
  const declaration = block.labels[1] ? declared(module, block.type as 'resource').get(`${type}.${block.labels[1].value}`)?.[0] : undefined;
  const resolved = resolveType(module, data, table, type, declaration);
  if (!resolved) return undefined;
  const { provider } = resolved;
  return hover(`\`${type}\` ${provider.source} ${provider.version}`.trim() + `\n\n[\`${type}\` on registry.terraform.io](${registryUrl(provider, table, type)})`, block.labels[0]);
}

/** A function's name, or a step of a reference past the object it names (`arn` of `aws_lb.this.arn`). */
function expressionHover(module: TerraformModule, expr: Expr, offset: number, data: EditorData, hover: (value: string, span: Span) => Hover): Hover | undefined {
  if (expr.kind === 'call') {
    if (!within(expr.name, offset)) return undefined;
    const text = functionHover(data.functions?.(), expr.name.name);
    return text ? hover(text, expr.name) : undefined;
  }
  if (expr.kind !== 'traversal') return undefined;
  const steps: string[] = [expr.root.name];
  for (const step of expr.steps) {
    const name = step.kind === 'attr' ? step.name : '[]';
    if (step.kind === 'attr' && within(step, offset)) {
      const skip = addressLength(steps);
      // The address itself (`aws_lb.this`, `var.x`): the declaration's hover says it.
      if (steps.length < skip) return undefined;
      const target = referenceView(module, data, steps);
      if (!target) return undefined;
      const address = steps.join('.').replace(/\.\[\]/g, '[…]');
      const span = { start: expr.root.start, end: step.end };
      if (target.kind === 'block') {
        const a = target.view.attributes.get(name);
        if (a) return hover(`\`${address}.${name}\`\n_${friendlyType(a.type) || attributeDetail(a)}_${a.description ? `\n\n${a.description}` : ''}`, span);
        const b = target.view.blocks.get(name);
        return b ? hover(`\`${address}.${name}\`\n_${blockDetail(b)}_${b.description ? `\n\n${b.description}` : ''}`, span) : undefined;
      }
      const member = Array.isArray(target.type) && target.type[0] === 'object' ? (target.type[1] as Record<string, unknown>)[name] : undefined;
      return member !== undefined ? hover(`\`${address}.${name}\`\n_${friendlyType(member as never)}_`, span) : undefined;
    }
    steps.push(name);
  }
  return undefined;
}

/** How many steps name the object itself: `var.x` 2, `aws_lb.this` 2, `data.t.n` 3, `resource.t.n` 3; module outputs are not schemas. */
function addressLength(steps: readonly string[]): number {
  const root = steps[0];
  if (root === 'data' || root === 'ephemeral' || root === 'resource') return 3;
  if (root === 'module' || root === 'local' || root === 'each' || root === 'count' || root === 'path' || root === 'terraform' || root === 'self') return Number.POSITIVE_INFINITY;
  return 2;
}
