import { isScalar, visit, type Node, type Pair } from 'yaml';
import { parseUses, type ActionInfo } from '../model/actions';
import { builtinFunctions, canonicalContext, contextDescription, restrictedFunctions } from '../model/contexts';
import { resolveAction } from '../model/data';
import { placeAt, siteAt } from '../syntax/cursor';
import { references, walkExpression } from '../syntax/expressionTree';
import type { WorkflowFileModel } from '../model/model';
import { get } from '../model/model';
import { spanOf } from '../syntax/scalar';
import { schemaAt } from '../model/schemaPath';
import { propertiesOf, visibleSteps, type Vocabulary } from '../model/vocabulary';
import { t } from '../../l10n/t';

/** Markdown describing an action: what it does, its inputs and outputs. */
export function describeAction(uses: string, action: ActionInfo & { uri?: string }, deprecated?: string): string {
  const lines = [`**${action.name}** — \`${uses}\``];
  if (action.description) lines.push('', action.description);
  if (deprecated) lines.push('', `⚠️ ${deprecated}`);
  const inputs = Object.entries(action.inputs);
  if (inputs.length > 0) {
    lines.push('', t('| input | required / default | description |'), '|---|---|---|');
    for (const [name, input] of inputs) {
      const flags = [input.required ? t('required') : '', input.default !== undefined && input.default !== '' ? t('default `{0}`', input.default) : '', input.deprecationMessage ? t('deprecated') : ''].filter(Boolean).join(', ');
      lines.push(`| \`${name}\` | ${flags} | ${(input.description ?? '').replace(/(?<!\s)\s*\n\s*/g, ' ').replace(/\|/g, '\\|')} |`);
    }
  }
  const outputs = Object.keys(action.outputs);
  if (outputs.length > 0) lines.push('', t('Outputs: {0}', outputs.map((o) => `\`${o}\``).join(', ')));
  if (action.source) lines.push('', t('Source: {0}', action.source));
  return lines.join('\n');
}

/** The pair whose key node spans the chunk offset, if any. */
function keyPairAt(model: WorkflowFileModel, offset: number): Pair<Node, Node | null> | undefined {
  let found: Pair<Node, Node | null> | undefined;
  visit(model.doc, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      const range = key?.range;
      if (range && offset >= range[0] && offset <= range[1]) {
        found = pair as Pair<Node, Node | null>;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Hover in an expression: contexts, properties, ids the file declares, functions. */
function expressionHover(vocabulary: Vocabulary, offset: number): { text: string; start: number; end: number } | undefined {
  const { model, data } = vocabulary;
  const found = siteAt(model, offset);
  const expr = found?.site.parsed.expr;
  if (!found || !expr) return undefined;
  const { site, index } = found;
  for (const node of walkExpression(expr)) {
    if (node.kind === 'call' && index >= node.start && index <= node.nameEnd) {
      const fn = builtinFunctions.get(node.name.toLowerCase());
      const restricted = restrictedFunctions.get(node.name.toLowerCase());
      const description = fn?.description ?? contextDescription(data.contexts, 'functions', restricted?.name ?? node.name);
      const [start, end] = spanOf(site.text, site.innerStart + node.start, site.innerStart + node.nameEnd);
      return { text: `\`${fn?.signature ?? restricted?.signature ?? node.name}\`${description ? `\n\n${description}` : ''}`, start, end };
    }
  }
  const place = placeAt(model, offset);
  for (const ref of references(expr)) {
    const position = ref.segments.findIndex((s) => index >= s.start && index <= s.end);
    if (position < 0) continue;
    const segment = ref.segments[position];
    const chain = ref.segments.slice(0, position).map((s) => s.name);
    const [start, end] = spanOf(site.text, site.innerStart + segment.start, site.innerStart + segment.end);
    if (position === 0) {
      const context = canonicalContext(segment.name);
      const description = contextDescription(data.contexts, context);
      return description ? { text: `**${segment.name}** context\n\n${description}`, start, end } : undefined;
    }
    const entries = propertiesOf(vocabulary, chain, place);
    const entry = entries?.find((e) => e.name.toLowerCase() === segment.name.toLowerCase());
    if (!entry) return undefined;
    const head = chain[0].toLowerCase();
    const written = [...chain, segment.name].join('.');
    let text = `\`${written}\`${entry.detail && entry.detail !== written ? ` — ${entry.detail}` : ''}`;
    if (entry.description) text += `\n\n${entry.description}`;
    if (head === 'matrix' && place.job?.matrix) {
      const values = get(get(get(place.job.node, 'strategy')?.value, 'matrix')?.value, segment.name)?.value;
      if (values?.range) text += `\n\nValues: \`${model.chunkText.slice(values.range[0], values.range[1]).replace(/\s+/g, ' ')}\``;
    }
    if (head === 'steps' && position === 1) {
      const step = visibleSteps(place).find((s) => s.id?.name.toLowerCase() === segment.name.toLowerCase());
      if (step?.uses) text += `\n\nRuns \`${step.uses.value}\``;
    }
    return { text, start, end };
  }
  return undefined;
}

/** Hover in a workflow or action.yml: keys (GitHub's descriptions), expressions and actions. */
export function workflowHover(vocabulary: Vocabulary, offset: number): { text: string; start: number; end: number } | undefined {
  const { model, data } = vocabulary;
  const expression = expressionHover(vocabulary, offset);
  if (expression) return expression;
  const place = placeAt(model, offset);
  const schema = model.kind === 'workflow' ? data.schemas.workflow : data.schemas.action;

  // uses: shows the action (bundled popular actions and local actions).
  const last = place.path[place.path.length - 1];
  if (last === 'uses' && place.step?.uses) {
    const { node, value } = place.step.uses;
    const uses = parseUses(value, model.flavor);
    const action = resolveAction(vocabulary, uses);
    if (action) {
      const major = uses.kind === 'remote' ? /^(v\d+)(\.|$)/.exec(uses.ref)?.[1] : undefined;
      return { text: describeAction(value, action, major ? action.deprecatedVersions?.[major] : undefined), start: node.range![0], end: node.range![1] };
    }
  }

  const pair = keyPairAt(model, offset);
  if (!pair || !isScalar(pair.key)) return undefined;
  const name = String(pair.key.value);
  const [start, end] = [pair.key.range![0], pair.key.range![1]];
  // A with: key: the input of the step's action.
  if (place.path[place.path.length - 2] === 'with' && place.step?.uses) {
    const action = resolveAction(vocabulary, parseUses(place.step.uses.value, model.flavor));
    const input = action?.inputs[name];
    if (input) {
      const flags = [input.required ? 'required' : 'optional', input.default !== undefined && input.default !== '' ? `default \`${input.default}\`` : ''].filter(Boolean).join(', ');
      const deprecation = input.deprecationMessage ? `\n\n⚠️ Deprecated: ${input.deprecationMessage}` : '';
      return { text: `**${name}** — input of \`${place.step.uses.value}\` (${flags})${input.description ? `\n\n${input.description}` : ''}${deprecation}`, start, end };
    }
  }
  const keyPath = place.path[place.path.length - 1] === name ? place.path : [...place.path, name];
  const at = schemaAt(schema, model.doc.contents, keyPath);
  if (at?.description) return { text: `**${name}**\n\n${at.description}`, start, end };
  return undefined;
}
