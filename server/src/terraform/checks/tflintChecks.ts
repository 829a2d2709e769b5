/**
 * tflint-ruleset-terraform's rules over a module (tflint.ts names them): what each looks for, its
 * message and range as tflint gives them, and its autofix.
 */
import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import { withFix, type FixData } from '../editor/fixes';
import { declared, isOverride, objectKey, perFile, type Declaration, type ModuleFile, type TerraformModule } from '../model/model';
import { isLocalSource, isRegistrySource } from '../model/moduleCalls';
import { moduleReferences } from '../model/references';
import { normalSource } from '../model/providerSchemas';
import { providerLocalName } from './schemaChecks';
import { attribute, blocksOf, staticString, subExpressions, type Block, type Expr, type Span } from '../syntax/syntax';
import { tflintRules as r } from './tflint';

type Located = { uri: string; finding: Finding };

/** A block's header: its type and labels (hcl's DefRange). */
export function defRange(block: Block): Span {
  return { start: block.start, end: block.labels[block.labels.length - 1]?.end ?? block.typeSpan.end };
}

function text(file: ModuleFile, span: Span): string {
  return file.file.text.slice(span.start, span.end);
}

/** Every expression of a file, nested ones included. */
export function* expressions(file: ModuleFile): Generator<Expr> {
  const stack: Block[] = [...file.syntax.body.blocks];
  for (const a of file.syntax.body.attributes) yield* subExpressions(a.expr);
  while (stack.length > 0) {
    const block = stack.pop()!;
    for (const a of block.body.attributes) yield* subExpressions(a.expr);
    stack.push(...block.body.blocks);
  }
}

/** hcl's way of writing a range in a message: `config.tf:3,5-6`. */
function hclRange(file: ModuleFile, span: Span): string {
  const name = decodeURIComponent(file.file.uri.slice(file.file.uri.lastIndexOf('/') + 1));
  const start = file.file.lines.positionAt(span.start);
  const end = file.file.lines.positionAt(span.end);
  return start.line === end.line ? `${name}:${start.line + 1},${start.character + 1}-${end.character + 1}` : `${name}:${start.line + 1},${start.character + 1}-${end.line + 1},${end.character + 1}`;
}

/** The rules reading one file's expressions and comments alone (once per version of the file). */
const expressionRules = perFile(expressionRulesOf);

function expressionRulesOf(file: ModuleFile): Located[] {
  const out: Located[] = [];
  const uri = file.file.uri;
  const add = (span: Span, code: string, message: string, data?: unknown) => out.push({ uri, finding: { start: span.start, end: span.end, code, message, ...(data ? { data } : {}) } });
  for (const e of expressions(file)) {
    if (e.kind === 'traversal' || e.kind === 'postfix') {
      for (const step of e.steps) {
        if (step.kind === 'index' && step.legacy) add(step, r.deprecatedIndex.id, t('List items should be accessed using square brackets'), withFix(t('Use square brackets'), [{ start: step.start, end: step.end, newText: `[${text(file, step).slice(1)}]` }]));
        if (step.kind === 'splat' && !step.full) add(step, r.deprecatedIndex.id, t('List items should be accessed using square brackets'), withFix(t('Use square brackets'), [{ start: step.start, end: step.end, newText: '[*]' }]));
      }
    } else if (e.kind === 'template' && !e.heredoc && !file.syntax.json && e.parts.length === 1 && e.parts[0].kind === 'interp') {
      const inner = e.parts[0].expr;
      add(e, r.deprecatedInterpolation.id, t('Interpolation-only expressions are deprecated in Terraform v0.12.14'), withFix(t('Use the expression without interpolation'), [{ start: e.start, end: e.end, newText: text(file, inner) }]));
    } else if (e.kind === 'call' && e.name.name === 'lookup' && e.args.length === 2 && !e.expand) {
      add(e, r.deprecatedLookup.id, t('Lookup with 2 arguments is deprecated'), withFix(t('Use an index expression'), [{ start: e.start, end: e.end, newText: `${text(file, e.args[0])}[${text(file, e.args[1])}]` }]));
    } else if (e.kind === 'binary' && (e.op === '==' || e.op === '!=')) {
      const empty = (x: Expr) => x.kind === 'tuple' && x.items.length === 0;
      const other = empty(e.right) ? e.left : empty(e.left) ? e.right : undefined;
      if (other) add(e, r.emptyListEquality.id, t('Comparing a collection with an empty list is invalid. To detect an empty collection, check its length.'), withFix(t('Compare its length with 0'), [{ start: e.start, end: e.end, newText: `length(${text(file, other)}) ${e.op} 0` }]));
    } else if (e.kind === 'object') {
      const seen = new Map<string, Span>();
      for (const item of e.items) {
        const key = item.key.kind === 'traversal' && item.key.steps.length === 0 ? undefined : objectKey(item.key);
        const name = key ?? (item.key.kind === 'traversal' && item.key.steps.length === 0 ? item.key.root.name : undefined);
        if (name === undefined) continue;
        const first = seen.get(name);
        if (first) add(item.key, r.mapDuplicateKeys.id, t('Duplicate key: "{0}", first defined at {1}', name, hclRange(file, first)));
        else seen.set(name, item.key);
      }
    }
  }
  for (const comment of file.syntax.comments) {
    if (comment.style !== '//') continue;
    // tflint's range of a line comment runs to the next line's start.
    const end = file.file.text[comment.end] === '\n' ? comment.end + 1 : comment.end;
    add({ start: comment.start, end }, r.commentSyntax.id, t('Comments should begin with #'), withFix(t('Begin the comment with #'), [{ start: comment.start, end: comment.start + 2, newText: '#' }]));
  }
  return out;
}

function variableAndOutputRules(module: TerraformModule, out: Located[]): void {
  for (const d of module.declarations) {
    if (d.override) continue;
    const add = (code: string, message: string) => out.push({ uri: d.uri, finding: { ...defRange(d.block), code, message } });
    if (d.kind === 'variable') {
      if (!attribute(d.block.body, 'type')) add(r.typedVariables.id, t('`{0}` variable has no type', d.key));
      if (!staticString(attribute(d.block.body, 'description')?.expr)) add(r.documentedVariables.id, t('`{0}` variable has no description', d.key));
    } else if (d.kind === 'output' && !staticString(attribute(d.block.body, 'description')?.expr)) add(r.documentedOutputs.id, t('`{0}` output has no description', d.key));
  }
}

/** The deletion of a declaration's whole block (or a local's line), with its line break. */
function removal(module: TerraformModule, d: Declaration): { start: number; end: number; newText: string } {
  const file = module.files.find((f) => f.file.uri === d.uri)!.file;
  const span = d.attribute ?? d.block;
  const lineStart = file.text.lastIndexOf('\n', span.start - 1) + 1;
  const onlyThere = file.text.slice(lineStart, span.start).trim() === '';
  const after = file.text[span.end] === '\n' ? span.end + 1 : span.end;
  return { start: onlyThere ? lineStart : span.start, end: after, newText: '' };
}

function unusedDeclarations(module: TerraformModule, out: Located[]): void {
  if (module.incomplete) return;
  const used = new Set<string>();
  for (const ref of moduleReferences(module)) if (ref.target) used.add(`${ref.target.kind}:${ref.target.key}`);
  const providerRefs = new Set<string>();
  for (const d of module.declarations) {
    const p = attribute(d.block.body, 'provider');
    if (p) providerRefs.add(text(module.files.find((f) => f.file.uri === d.uri)!, p.expr).replace(/"/g, ''));
    const providers = d.kind === 'module' ? attribute(d.block.body, 'providers') : undefined;
    if (providers?.expr.kind === 'object') for (const item of providers.expr.items) providerRefs.add(text(module.files.find((f) => f.file.uri === d.uri)!, item.value));
  }
  for (const file of module.files) for (const imp of blocksOf(file.syntax.body, 'import')) {
    const p = attribute(imp.body, 'provider');
    if (p) providerRefs.add(text(file, p.expr));
  }
  for (const d of module.declarations) {
    if (d.override || d.scoped) continue;
    let message: string | undefined;
    if (d.kind === 'variable' && !used.has(`variable:${d.key}`)) message = t('variable "{0}" is declared but not used', d.key);
    else if (d.kind === 'data' && !used.has(`data:${d.key}`)) message = t('data "{0}" "{1}" is declared but not used', d.type ?? '', d.name);
    else if (d.kind === 'local' && !used.has(`local:${d.key}`)) message = t('local.{0} is declared but not used', d.key);
    else if (d.kind === 'provider' && d.key.includes('.') && !providerRefs.has(d.key)) message = t('provider "{0}" with alias "{1}" is declared but not used', d.name, d.key.slice(d.name.length + 1));
    if (!message) continue;
    const span = d.kind === 'local' && d.attribute ? d.attribute : defRange(d.block);
    out.push({ uri: d.uri, finding: { start: span.start, end: span.end, code: r.unusedDeclarations.id, message, data: withFix(t('Remove the declaration'), [removal(module, d)]) } });
  }
}

function requiredVersion(module: TerraformModule, out: Located[]): void {
  const base = module.files.filter((f) => !isOverride(f.file.uri) && !f.syntax.json);
  if (base.length === 0) return;
  if (module.files.some((f) => blocksOf(f.syntax.body, 'terraform').some((b) => attribute(b.body, 'required_version')))) return;
  const block = base.flatMap((f) => blocksOf(f.syntax.body, 'terraform').map((b) => ({ f, b })))[0];
  if (block) {
    out.push({ uri: block.f.file.uri, finding: { ...defRange(block.b), code: r.requiredVersion.id, message: t('terraform "required_version" attribute is required') } });
    return;
  }
  const file = base.length === 1 ? base[0] : (base.find((f) => /\/terraform\.tf$/.test(f.file.uri)) ?? base.find((f) => /\/main\.tf$/.test(f.file.uri)));
  if (file) out.push({ uri: file.file.uri, finding: { start: 0, end: 0, code: r.requiredVersion.id, message: t('terraform "required_version" attribute is required') } });
}

/**
 * The fix of a provider entry without `version` (`{ source = "hashicorp/google" }`): the lock file's
 * version for that source as `~> major.minor` (what HashiCorp advises for providers), written on the
 * line after `source`; none without a lock file pinning it or an object written on one line.
 */
function addVersion(module: TerraformModule, entry: { source?: string; attribute: { expr: Expr }; uri: string }, locked: ReadonlyMap<string, string>): FixData | undefined {
  const version = entry.source ? locked.get(normalSource(entry.source)) : undefined;
  const match = version ? /^(\d+)\.(\d+)/.exec(version) : null;
  const expr = entry.attribute.expr;
  if (!match || expr.kind !== 'object') return undefined;
  const item = expr.items.find((i) => objectKey(i.key) === 'source');
  const text = module.files.find((f) => f.file.uri === entry.uri)?.file.text;
  if (!item || text === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', item.key.start - 1) + 1;
  const indent = text.slice(lineStart, item.key.start);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const constraint = `~> ${match[1]}.${match[2]}`;
  return withFix(t('Add version = "{0}" (the lock file\'s {1})', constraint, version!), [{ start: item.value.end, end: item.value.end, newText: `\n${indent}version = "${constraint}"` }]);
}

function requiredProviders(module: TerraformModule, out: Located[], locked: ReadonlyMap<string, string>): void {
  const used = new Map<string, Declaration>();
  for (const d of module.declarations) {
    if (d.kind === 'resource' || d.kind === 'data' || d.kind === 'ephemeral') {
      const local = providerLocalName(d);
      if (!used.has(local)) used.set(local, d);
    } else if (d.kind === 'provider') {
      if (!used.has(d.name)) used.set(d.name, d);
      const version = attribute(d.block.body, 'version');
      if (version) out.push({ uri: d.uri, finding: { ...defRange(d.block), code: r.requiredProviders.id, message: t('provider version constraint should be specified via `required_providers`') } });
    }
  }
  for (const [local, d] of used) {
    if (local === 'terraform') continue;
    const entry = module.requiredProviders.get(local);
    if (!entry) {
      out.push({ uri: d.uri, finding: { ...defRange(d.block), code: r.requiredProviders.id, message: t('Missing version constraint for provider "{0}" in `required_providers`', local) } });
      continue;
    }
    const span = entry.attribute.expr;
    if (entry.attribute.expr.kind !== 'object') {
      const version = staticString(entry.attribute.expr) ?? '';
      out.push({ uri: entry.uri, finding: { start: span.start, end: span.end, code: r.requiredProviders.id, message: t('Legacy version constraint for provider "{0}" in `required_providers`', local), data: withFix(t('Use source and version'), [{ start: span.start, end: span.end, newText: `{\n      source  = "hashicorp/${local}"\n      version = "${version}"\n    }` }]) } });
      continue;
    }
    if (!entry.version) out.push({ uri: entry.uri, finding: { start: span.start, end: span.end, code: r.requiredProviders.id, message: t('Missing version constraint for provider "{0}" in `required_providers`', local), data: addVersion(module, entry, locked) } });
    if (!entry.source) out.push({ uri: entry.uri, finding: { start: span.start, end: span.end, code: r.requiredProviders.id, message: t('Missing `source` for provider "{0}" in `required_providers`', local) } });
  }
  for (const [local, entry] of module.requiredProviders) {
    if (!used.has(local)) out.push({ uri: entry.uri, finding: { start: entry.attribute.start, end: entry.attribute.end, code: r.unusedRequiredProviders.id, message: t('provider \'{0}\' is declared in required_providers but not used by the module', local) } });
  }
}

const DEFAULT_BRANCHES = ['master', 'main', 'default', 'develop'];

function moduleSources(module: TerraformModule, out: Located[]): void {
  for (const [, [call]] of declared(module, 'module')) {
    const sourceAttribute = attribute(call.block.body, 'source');
    const source = staticString(sourceAttribute?.expr);
    if (!source || !sourceAttribute || isLocalSource(source)) continue;
    const add = (code: string, message: string, span: Span = sourceAttribute.expr, data?: unknown) => out.push({ uri: call.uri, finding: { start: span.start, end: span.end, code, message, ...(data ? { data } : {}) } });
    if (isRegistrySource(source)) {
      if (!attribute(call.block.body, 'version')) add(r.moduleVersion.id, t('module "{0}" should specify a version', call.key), defRange(call.block));
      continue;
    }
    const git = /^git::|^git:\/\/|^github\.com\/|^git@|^bitbucket\.org\/|\.git($|[/?])/.test(source);
    const hg = /^hg::/.test(source);
    if (!git && !hg) continue;
    const query = new URLSearchParams(source.includes('?') ? source.slice(source.indexOf('?') + 1) : '');
    const key = git ? 'ref' : 'rev';
    const ref = query.get(key);
    if (!ref) add(r.modulePinnedSource.id, t('Module source "{0}" is not pinned', source));
    else if (DEFAULT_BRANCHES.includes(ref)) add(r.modulePinnedSource.id, t('Module source "{0}" uses a default branch as {1} ({2})', source, key, ref));
    // A commit ID (hex) is already a shallow fetch's target.
    if (git && ref && !/^[0-9a-f]{4,64}$/.test(ref) && query.get('depth') !== '1') {
      const value = sourceAttribute.expr;
      const at = value.start + 1 + source.indexOf('?');
      add(r.moduleShallowClone.id, t('Module source {0} should enable shallow cloning by adding "depth=1" parameter', JSON.stringify(source)), sourceAttribute.expr, withFix(t('Add depth=1'), [{ start: at, end: at + 1, newText: '?depth=1&' }]));
    }
  }
}

const SNAKE = /^[a-z_][a-z0-9_]*$/;
const NAMING: Partial<Record<Declaration['kind'], string>> = { data: 'data', local: 'local value', module: 'module', output: 'output', resource: 'resource', variable: 'variable', check: 'check' };

function namingConvention(module: TerraformModule, out: Located[]): void {
  for (const d of module.declarations) {
    const what = NAMING[d.kind];
    if (!what || SNAKE.test(d.name)) continue;
    const span = d.kind === 'local' ? d.nameSpan : defRange(d.block);
    out.push({ uri: d.uri, finding: { start: span.start, end: span.end, code: r.namingConvention.id, message: t('{0} name `{1}` must match the following format: snake_case', what, d.name) } });
  }
}

function workspaceRemote(module: TerraformModule, out: Located[]): void {
  const remote = module.files.some((f) => blocksOf(f.syntax.body, 'terraform').some((b) => blocksOf(b.body, 'backend').some((backend) => backend.labels[0]?.value === 'remote')));
  if (!remote) return;
  for (const ref of moduleReferences(module)) {
    if (ref.root !== 'terraform' || ref.attr?.name !== 'workspace') continue;
    out.push({ uri: ref.uri, finding: { start: ref.context.attribute.expr.start, end: ref.context.attribute.expr.end, code: r.workspaceRemote.id, message: t('terraform.workspace should not be used with a \'remote\' backend') } });
  }
}

function standardStructure(module: TerraformModule, out: Located[]): void {
  const names = new Set(module.files.map((f) => f.file.uri.slice(f.file.uri.lastIndexOf('/') + 1)));
  const first = module.files[0];
  if (!first) return;
  // tflint names a file that does not exist: Archipel says it on the module's first file.
  const at = (_file: string) => first.file.uri;
  if (!names.has('main.tf') && !names.has('main.tf.json')) out.push({ uri: at('main.tf'), finding: { start: 0, end: 0, code: r.standardModuleStructure.id, message: t('Module should include a {0} file as the primary entrypoint', 'main.tf') } });
  if (!names.has('variables.tf') && !names.has('variables.tf.json')) out.push({ uri: at('variables.tf'), finding: { start: 0, end: 0, code: r.standardModuleStructure.id, message: t('Module should include an empty {0} file', 'variables.tf') } });
  if (!names.has('outputs.tf') && !names.has('outputs.tf.json')) out.push({ uri: at('outputs.tf'), finding: { start: 0, end: 0, code: r.standardModuleStructure.id, message: t('Module should include an empty {0} file', 'outputs.tf') } });
  for (const d of module.declarations) {
    const file = d.uri.slice(d.uri.lastIndexOf('/') + 1);
    const wanted = d.kind === 'variable' ? 'variables.tf' : d.kind === 'output' ? 'outputs.tf' : undefined;
    if (wanted && !file.startsWith(wanted.replace('.tf', '.')) && !d.override) {
      out.push({ uri: d.uri, finding: { ...defRange(d.block), code: r.standardModuleStructure.id, message: t('{0} {1} should be moved from {2} to {3}', d.kind, JSON.stringify(d.key), file, wanted) } });
    }
  }
}

/** A *.tf.json file whose root is an array (HCL reads it; tflint wants an object). */
function jsonRootArray(module: TerraformModule, out: Located[]): void {
  for (const file of module.files) {
    if (file.syntax.json && /^\s*\[/.test(file.file.text)) out.push({ uri: file.file.uri, finding: { start: 0, end: 0, code: r.jsonSyntax.id, message: t('JSON configuration uses array syntax at root, expected object') } });
  }
}

/** Every tflint finding of a module. */
export function tflintFindings(module: TerraformModule, locked: ReadonlyMap<string, string> = new Map()): Located[] {
  const out: Located[] = [];
  for (const file of module.files) out.push(...expressionRules(file));
  variableAndOutputRules(module, out);
  unusedDeclarations(module, out);
  requiredVersion(module, out);
  requiredProviders(module, out, locked);
  moduleSources(module, out);
  namingConvention(module, out);
  workspaceRemote(module, out);
  standardStructure(module, out);
  jsonRootArray(module, out);
  return out;
}
