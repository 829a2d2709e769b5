/**
 * A Terraform file's findings: its syntax, the shape of its blocks, and what its module's checks
 * say of it (declarations, references, module calls), computed once per module and index version.
 */
import type { Finding } from '../../common/findings';
import type { FeatureContext } from '../../features/feature';
import { inSlices } from '../../features/slices';
import { t } from '../../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { declarationFindings } from './declarationChecks';
import { declared, folderOf, isOverride, MAX_MODULE_TEXT, moduleAt, moduleFilesRead, moduleOf, syntaxOf, terraformFileKind, terraformFilesByFolder, type ModuleLimit, type TerraformModule } from '../model/model';
import { moduleCallFindings } from '../model/moduleCalls';
import { overrideFindings } from './overrides';
import { referenceFindings, type Located } from './referenceChecks';
import { terraformRules } from './rules';
import { structureFindings } from './structureChecks';
import { mockFileFindings, testFileFindings } from './testFiles';
import { withoutIgnored } from './tflint';
import { withFix } from '../editor/fixes';
import type { Span } from '../syntax/syntax';

/**
 * Extra checks of a module, added by the family's other parts (schemas, tflint's rules, security, the
 * stack). One with `steps` gives its findings a part at a time (the same findings, in the same order).
 */
export type ModuleCheck = ((module: TerraformModule, context: FeatureContext) => Located[]) & { steps?: (module: TerraformModule, context: FeatureContext) => Iterable<Located[]> };

/** A module's findings by file URI, kept for the index generation and the checks they were computed with. */
const moduleCache = new WeakMap<TerraformModule, { generation: number; checks: readonly ModuleCheck[]; byUri: Map<string, Finding[]> }>();

function cachedFindings(module: TerraformModule, generation: number, checks: readonly ModuleCheck[]): Map<string, Finding[]> | undefined {
  const kept = moduleCache.get(module);
  return kept && kept.generation === generation && kept.checks === checks ? kept.byUri : undefined;
}

/** Whether a module folder (a file path) is outside the workspace, links followed (the host's to say). */
export type OutsideProbe = (folder: string) => boolean;

/** Every module-level finding, by file URI (cached per module version and index generation). */
function moduleFindings(module: TerraformModule, context: FeatureContext, checks: readonly ModuleCheck[], outside?: OutsideProbe): Map<string, Finding[]> {
  const { index } = context;
  const cached = cachedFindings(module, index.generation, checks);
  if (cached) return cached;
  const located: Located[] = [];
  for (const part of moduleSteps(index, module, context, checks, outside)) for (const one of part) located.push(one);
  const byUri = groupedByUri(located);
  moduleCache.set(module, { generation: index.generation, checks, byUri });
  return byUri;
}

/** The module's checks, a part at a time (the language server gives the other requests a turn between parts). */
function* moduleSteps(index: WorkspaceIndex, module: TerraformModule, context: FeatureContext, checks: readonly ModuleCheck[], outside?: OutsideProbe): Generator<Located[], void, void> {
  // Past the module bound what it declares is partly unread: its checks would be false.
  if (module.limit) return;
  yield declarationFindings(module);
  yield overrideFindings(module);
  yield referenceFindings(module);
  yield moduleCallFindings(index, module, outside);
  for (const check of checks) {
    if (check.steps) yield* check.steps(module, context);
    else yield check(module, context);
  }
}

function groupedByUri(located: readonly Located[]): Map<string, Finding[]> {
  const byUri = new Map<string, Finding[]>();
  for (const { uri, finding } of located) {
    const list = byUri.get(uri) ?? [];
    list.push(finding);
    byUri.set(uri, list);
  }
  return byUri;
}

/** A module's findings being prepared, for the other files of the module to wait on. */
const preparing = new WeakMap<TerraformModule, { generation: number; checks: readonly ModuleCheck[]; done: Promise<void> }>();

/**
 * A configuration file's module findings computed ahead, a step at a time through the feature API's
 * bounded-slice hook (features/slices.ts: turns within the file's budget, the event loop's turns between
 * them; the files parsed one at a time, the module built, then each of its checks): a module of 100,000
 * resources holds no other file's request for its whole check, and past the file's budget its work is
 * stopped and the file set aside (archipel-limit). What it computes is what terraformFindings would, kept
 * the same way; when the index changes or the request is cancelled meanwhile it stops, and the findings
 * are computed when asked. The files of one module prepared at the same time (the CLI's files, the editor's
 * opened ones) compute the module's findings once: one computes them, the others wait for it outside their
 * slices, spending none of their budget (issue #84: 50 files of one module of 100,000 resources computed them
 * 50 times).
 */
export async function prepareModuleFindings(file: IndexedFile, context: FeatureContext, checks: readonly ModuleCheck[], outside?: OutsideProbe): Promise<void> {
  const kind = terraformFileKind(file.uri);
  if (kind !== 'config' && kind !== 'query') return;
  const { index } = context;
  const generation = index.generation;
  /** False when the work should stop (the index changed, the request was cancelled). */
  const current = (): boolean => index.generation === generation && !context.isCancelled();
  const byFolder = terraformFilesByFolder(index);
  /** A folder's files parsed, then its module built (kept by the model, as moduleAt keeps it). */
  function* built(folder: string): Generator<void, TerraformModule | undefined> {
    const unread = moduleFilesRead(index, folder).limit?.unread;
    for (const uri of byFolder.get(folder) ?? []) {
      const each = index.get(uri);
      if (each && !each.skipped && !unread?.has(uri)) syntaxOf(each);
      yield;
      if (!current()) return undefined;
    }
    const module = moduleAt(index, folder);
    yield;
    return current() ? module : undefined;
  }
  const own = folderOf(file.uri);
  let module: TerraformModule | undefined;
  if (!(await inSlices(context, (function* () { module = yield* built(own); })())) || !module) return;
  const found = module;
  for (;;) {
    if (cachedFindings(found, generation, checks)) break;
    const running = preparing.get(found);
    if (running && running.generation === generation && running.checks === checks) {
      await running.done;
      if (!current()) return;
      continue;
    }
    let finish = (): void => undefined;
    const entry = { generation, checks, done: new Promise<void>((resolve) => (finish = resolve)) };
    preparing.set(found, entry);
    try {
      const computed = await inSlices(context, (function* () {
        const located: Located[] = [];
        for (const part of moduleSteps(index, found, context, checks, outside)) {
          for (const one of part) located.push(one);
          yield;
          if (!current()) return;
        }
        moduleCache.set(found, { generation, checks, byUri: groupedByUri(located) });
      })());
      if (!computed) return;
    } finally {
      if (preparing.get(found) === entry) preparing.delete(found);
      finish();
    }
  }
  // The workspace's other modules built too: the readers of every module (the system map's
  // inventory, other families) find them ready instead of building them all in one turn.
  await inSlices(context, (function* () {
    for (const folder of byFolder.keys()) if (folder !== own && !(yield* built(folder))) return;
  })());
}

/** A module file past the module bound (model.ts MAX_MODULE_TEXT): not read, one limit finding. */
function moduleLimitFinding(limit: ModuleLimit): Finding {
  const mb = (n: number) => (n / 1_000_000).toFixed(1);
  return { start: 0, end: 0, code: terraformRules.limit.id, message: t('The module of this folder passes {0} MB of configuration ({1} MB in {2} files): this file and the next ones in name order are not read, and the module is neither checked nor drawn on the system map (a limit of Archipel).', mb(MAX_MODULE_TEXT), mb(limit.text), limit.files) };
}

/** The syntax errors and limits of a file. */
function syntaxFindings(file: IndexedFile): Finding[] {
  const syntax = syntaxOf(file);
  return [
    ...(syntax.quotedNames ?? []).map((q) => quotedNameFinding(file.text, q)),
    ...syntax.errors.map((e) => ({ start: e.start, end: e.end, code: terraformRules.syntax.id, message: e.message })),
    ...syntax.limits.map((e) => ({ start: e.start, end: e.end, code: terraformRules.limit.id, message: e.message })),
  ];
}

/** HCL 1's quoted name of a block or argument: HCL 2's error, the quotes removed by its fix. */
function quotedNameFinding(text: string, span: Span): Finding {
  const bare = text.slice(span.start + 1, span.end - 1);
  return { start: span.start, end: span.end, code: terraformRules.syntax.id, message: t('Invalid argument name: argument and block names must not be quoted (Terraform 0.11 and earlier accepted "{0}"); write {0} without quotes.', bare), data: withFix(t('Write {0} without quotes', bare), [{ start: span.start, end: span.end, newText: bare }]) };
}

/** `.tfvars`: variables the module of its folder does not declare. */
function variableValueFindings(file: IndexedFile, index: WorkspaceIndex): Finding[] {
  const syntax = syntaxOf(file);
  const module = moduleAt(index, folderOf(file.uri));
  if (module.files.length === 0 || module.incomplete) return [];
  const variables = declared(module, 'variable');
  const names = syntax.body.attributes.map((a) => ({ name: a.name, ...a.nameSpan }));
  const findings: Finding[] = names
    .filter((n) => !variables.has(n.name))
    .map((n) => ({ start: n.start, end: n.end, code: terraformRules.unknownVariable.id, message: t('Value for undeclared variable: the module of this folder declares no variable "{0}"; Terraform ignores this value and warns.', n.name) }));
  for (const block of syntax.body.blocks) findings.push({ start: block.typeSpan.start, end: block.typeSpan.end, code: terraformRules.syntax.id, message: t('Unexpected block: a variables file holds only arguments (name = value).') });
  return findings;
}

/** Every finding of a Terraform file. */
export function terraformFindings(file: IndexedFile, context: FeatureContext, checks: readonly ModuleCheck[] = [], outside?: OutsideProbe): Finding[] {
  const kind = terraformFileKind(file.uri);
  if (!kind) return [];
  const module = kind === 'config' || kind === 'query' ? moduleOf(context.index, file) : undefined;
  if (module?.limit?.unread.has(file.uri)) return [moduleLimitFinding(module.limit)];
  const syntax = syntaxFindings(file);
  if (kind === 'lock') return syntax;
  if (kind === 'vars') return syntax.length > 0 ? syntax : variableValueFindings(file, context.index);
  const lineOf = (offset: number) => file.lines.positionAt(offset).line;
  if (kind === 'test' || kind === 'mock') {
    const own = kind === 'test' ? testFileFindings(syntaxOf(file), file.uri, context.index) : mockFileFindings(syntaxOf(file));
    return withoutIgnored([...syntax, ...own], syntaxOf(file).comments, lineOf);
  }
  const structure = structureFindings(syntaxOf(file), isOverride(file.uri), kind === 'query' ? 'queryRoot' : 'root');
  const shared = module ? (moduleFindings(module, context, checks, outside).get(file.uri) ?? []) : [];
  return withoutIgnored([...syntax, ...structure, ...shared], syntaxOf(file).comments, lineOf);
}
