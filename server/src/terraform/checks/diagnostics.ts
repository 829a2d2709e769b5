/**
 * A Terraform file's findings: its syntax, the shape of its blocks, and what its module's checks
 * say of it (declarations, references, module calls), computed once per module and index version.
 */
import { PerGeneration } from '../../workspace/perGeneration';
import type { Finding } from '../../common/findings';
import type { FeatureContext } from '../../features/feature';
import { t } from '../../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { declarationFindings } from './declarationChecks';
import { declared, folderOf, isOverride, moduleAt, moduleOf, syntaxOf, terraformFileKind, type TerraformModule } from '../model/model';
import { moduleCallFindings } from '../model/moduleCalls';
import { overrideFindings } from './overrides';
import { referenceFindings, type Located } from './referenceChecks';
import { terraformRules } from './rules';
import { structureFindings } from './structureChecks';
import { mockFileFindings, testFileFindings } from './testFiles';
import { withoutIgnored } from './tflint';

/** Extra checks of a module, added by the family's other parts (schemas, tflint's rules, security, the stack). */
export type ModuleCheck = (module: TerraformModule, context: FeatureContext) => Located[];

const moduleCache = new PerGeneration<TerraformModule, Map<string, Finding[]>>();

/** Whether a module folder (a file path) is outside the workspace, links followed (the host's to say). */
export type OutsideProbe = (folder: string) => boolean;

/** Every module-level finding, by file URI (cached per module version and index generation). */
function moduleFindings(module: TerraformModule, context: FeatureContext, checks: readonly ModuleCheck[], outside?: OutsideProbe): Map<string, Finding[]> {
  const { index } = context;
  return moduleCache.get(module, index.generation, [checks], () => groupedByUri(index, module, context, checks, outside));
}

function groupedByUri(index: WorkspaceIndex, module: TerraformModule, context: FeatureContext, checks: readonly ModuleCheck[], outside?: OutsideProbe): Map<string, Finding[]> {
  const located = [...declarationFindings(module), ...overrideFindings(module), ...referenceFindings(module), ...moduleCallFindings(index, module, outside), ...checks.flatMap((check) => check(module, context))];
  const byUri = new Map<string, Finding[]>();
  for (const { uri, finding } of located) {
    const list = byUri.get(uri) ?? [];
    list.push(finding);
    byUri.set(uri, list);
  }
  return byUri;
}

/** The syntax errors and limits of a file. */
function syntaxFindings(file: IndexedFile): Finding[] {
  const syntax = syntaxOf(file);
  return [
    ...syntax.errors.map((e) => ({ start: e.start, end: e.end, code: terraformRules.syntax.id, message: e.message })),
    ...syntax.limits.map((e) => ({ start: e.start, end: e.end, code: terraformRules.limit.id, message: e.message })),
  ];
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
  const syntax = syntaxFindings(file);
  if (kind === 'lock') return syntax;
  if (kind === 'vars') return syntax.length > 0 ? syntax : variableValueFindings(file, context.index);
  const lineOf = (offset: number) => file.lines.positionAt(offset).line;
  if (kind === 'test' || kind === 'mock') {
    const own = kind === 'test' ? testFileFindings(syntaxOf(file), file.uri, context.index) : mockFileFindings(syntaxOf(file));
    return withoutIgnored([...syntax, ...own], syntaxOf(file).comments, lineOf);
  }
  const structure = structureFindings(syntaxOf(file), isOverride(file.uri), kind === 'query' ? 'queryRoot' : 'root');
  const module = moduleOf(context.index, file);
  const shared = moduleFindings(module, context, checks, outside).get(file.uri) ?? [];
  return withoutIgnored([...syntax, ...structure, ...shared], syntaxOf(file).comments, lineOf);
}
