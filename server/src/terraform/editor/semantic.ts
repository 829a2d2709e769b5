/**
 * Semantic tokens of a Terraform file, as terraform-ls gives them (hcl-lang's token types, in the
 * standard LSP types they fall back to when the editor does not declare hcl-lang's own): block types
 * `type`, labels `enumMember`, attribute names `property`, references `variable` step by step, function
 * names `function` (`defaultLibrary`), object keys `parameter`, literals `string`/`number`/`keyword`,
 * a variable's type constraint `keyword` (primitive) and `function` (collection, object).
 */
import type { IndexedFile } from '../../workspace/index';
import type { SemanticToken, SemanticTokenModifier, SemanticTokenType } from '../../features/semanticTokens';
import { syntaxOf } from '../model/model';
import { allBlocks, subExpressions, type Attribute, type Block, type Expr, type Span } from '../syntax/syntax';

/** The file's semantic tokens, each on one line. */
export function terraformSemanticTokens(file: IndexedFile): SemanticToken[] {
  const out: SemanticToken[] = [];
  const push = (span: Span, type: SemanticTokenType, modifiers?: SemanticTokenModifier[]) => {
    if (span.end <= span.start) return;
    const start = file.lines.positionAt(span.start);
    const end = file.lines.positionAt(span.end);
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.character : 0;
      const to = line === end.line ? end.character : file.lines.lineText(line).length;
      if (to > from) out.push({ line, character: from, length: to - from, type, ...(modifiers ? { modifiers } : {}) });
    }
  };
  const syntax = syntaxOf(file);
  const attributes = (attrs: readonly Attribute[], block?: Block) => {
    for (const a of attrs) {
      push(a.nameSpan, 'property');
      if (a.name === 'type' && (block?.type === 'variable' || block?.type === 'output')) typeConstraint(a.expr, push);
      else expression(a.expr, push);
    }
  };
  attributes(syntax.body.attributes);
  for (const { block } of allBlocks(syntax.body)) {
    push(block.typeSpan, 'type');
    for (const label of block.labels) push(label, 'enumMember');
    attributes(block.body.attributes, block);
  }
  return out;
}

type Push = (span: Span, type: SemanticTokenType, modifiers?: SemanticTokenModifier[]) => void;

function expression(root: Expr, push: Push): void {
  const keys = new Set<Expr>();
  for (const e of subExpressions(root)) {
    if (keys.has(e)) {
      push(e, 'parameter');
      continue;
    }
    switch (e.kind) {
      case 'literal':
        push(e, e.type === 'string' ? 'string' : e.type === 'number' ? 'number' : 'keyword');
        break;
      case 'template':
        for (const part of e.parts) if (part.kind === 'text') push(part, 'string');
        break;
      case 'traversal':
        push(e.root, 'variable');
        for (const step of e.steps) if (step.kind === 'attr') push({ start: step.end - step.name.length, end: step.end }, 'variable');
        break;
      case 'call':
        push(e.name, 'function', ['defaultLibrary']);
        break;
      case 'object':
        // A bare key is a name, not a reference.
        for (const item of e.items) if (item.key.kind === 'traversal' && item.key.steps.length === 0) keys.add(item.key);
        break;
      default:
        break;
    }
  }
}

/** `string`, `list(object({ name = string }))`: primitive types as keywords, constructors as functions. */
function typeConstraint(root: Expr, push: Push): void {
  const keys = new Set<Expr>();
  for (const e of subExpressions(root)) {
    if (keys.has(e)) push(e, 'parameter');
    else if (e.kind === 'traversal' && e.steps.length === 0) push(e.root, 'keyword');
    else if (e.kind === 'call') push(e.name, 'function');
    else if (e.kind === 'object') for (const item of e.items) keys.add(item.key);
    else if (e.kind !== 'tuple') expression(e, push);
  }
}
