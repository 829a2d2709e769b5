/**
 * Terraform's test files (`.tftest.hcl`, Terraform ≥ 1.6) and mock data files (`.tfmock.hcl`, ≥ 1.7),
 * checked as `terraform test` reads them: their blocks and arguments (coreSchema.ts's testRoot and
 * mockRoot), and in a test file what its run blocks, asserts and overrides refer to — a run block
 * only to run blocks before it, the configuration under test (the test file's folder, or the folder
 * above `tests/`) to what it declares.
 */
import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import type { WorkspaceIndex } from '../../workspace/index';
import { folderOf, moduleAt, terraformFileKind, terraformFilesByFolder, type TerraformModule } from '../model/model';
import { expressionReferences, type Reference, type RefContext } from '../model/references';
import { attribute, blocksOf, type Attribute, type Block, type HclFile } from '../syntax/syntax';
import { terraformRules } from './rules';
import { structureFindings } from './structureChecks';

const r = terraformRules;

/** The roots a test file's expressions may name besides a configuration's. */
const TEST_ROOTS: ReadonlySet<string> = new Set(['run', 'output', 'input', 'check']);

/** The module a test file tests: its own folder's, or the folder above a `tests/` folder. */
function moduleUnderTest(index: WorkspaceIndex, uri: string): TerraformModule | undefined {
  const hasConfig = (folder: string) => (terraformFilesByFolder(index).get(folder) ?? []).some((u) => terraformFileKind(u) === 'config');
  let folder = folderOf(uri);
  if (!hasConfig(folder) && /\/tests$/.test(folder)) folder = folderOf(folder);
  return hasConfig(folder) ? moduleAt(index, folder) : undefined;
}

function context(top: Block, path: Block[], a: Attribute): RefContext {
  return { top, path, attribute: a, hasCount: false, hasForEach: false, selfAllowed: false, destroy: false };
}

/** The references of a test file's block: its arguments' and its nested blocks' (not a nested variables block: inputs, checked by Terraform against the module's variables). */
function references(block: Block, uri: string, out: Reference[]): void {
  const stack: { block: Block; path: Block[] }[] = [{ block, path: [] }];
  while (stack.length > 0) {
    const { block: current, path } = stack.pop()!;
    for (const a of current.body.attributes) {
      // A run block's providers map names provider configurations, not objects.
      if (a.name === 'providers' && path.length === 0) continue;
      expressionReferences(a.expr, uri, context(block, path, a), new Set(), out, TEST_ROOTS);
    }
    for (const nested of current.body.blocks) if (nested.type !== 'backend') stack.push({ block: nested, path: [...path, nested] });
  }
}

/** Whether a test file's run block uses another configuration than the one under test (`module { source = … }`). */
function ownModule(run: Block): boolean {
  return blocksOf(run.body, 'module').some((m) => attribute(m.body, 'source') !== undefined);
}

/** A test file's findings beyond its structure: what its run blocks and overrides refer to. */
function referenceFindings(syntax: HclFile, uri: string, module: TerraformModule | undefined): Finding[] {
  const out: Finding[] = [];
  const runs = blocksOf(syntax.body, 'run');
  const order = new Map(runs.map((run, i) => [run.labels[0]?.value ?? '', i]));
  for (const block of syntax.body.blocks) {
    const refs: Reference[] = [];
    references(block, uri, refs);
    const position = block.type === 'run' ? (order.get(block.labels[0]?.value ?? '') ?? -1) : -1;
    const elsewhere = block.type === 'run' && ownModule(block);
    for (const ref of refs) {
      const span = ref.span;
      if (ref.root === 'run') {
        if (ref.invalid) {
          out.push({ start: span.start, end: span.end, code: r.invalidReference.id, message: t('Invalid reference: {0}', ref.invalid) });
          continue;
        }
        const name = ref.target?.key ?? '';
        const at = order.get(name);
        if (at === undefined) out.push({ start: span.start, end: span.end, code: r.undeclared.id, message: t('Reference to unknown run block: no run block "{0}" is declared in this test file.', name) });
        else if (block.type !== 'run' || at >= position) out.push({ start: span.start, end: span.end, code: r.invalidReference.id, message: t('Reference to unavailable run block: the run block "{0}" has not run yet here; a run block refers only to the run blocks before it.', name) });
        continue;
      }
      // The configuration under test's resources, data sources and module calls (a run block testing another module is not judged).
      if (!module || module.incomplete || elsewhere || !ref.target) continue;
      const { kind, key } = ref.target;
      if (kind !== 'resource' && kind !== 'data' && kind !== 'module') continue;
      if (module.byKind.get(kind)?.has(key)) continue;
      const what = kind === 'resource' ? 'resource' : kind === 'data' ? 'data source' : 'module call';
      out.push({ start: span.start, end: span.end, code: r.undeclared.id, message: t('Reference to undeclared {0}: the configuration under test ({1}) declares no {0} "{2}".', what, module.folder.slice(module.folder.lastIndexOf('/') + 1) || module.folder, key) });
    }
  }
  return out;
}

/** Every finding of a test file (its syntax's are the caller's). */
export function testFileFindings(syntax: HclFile, uri: string, index: WorkspaceIndex): Finding[] {
  return [...structureFindings(syntax, false, 'testRoot'), ...referenceFindings(syntax, uri, moduleUnderTest(index, uri))];
}

/** Every finding of a mock data file (its syntax's are the caller's). */
export function mockFileFindings(syntax: HclFile): Finding[] {
  return structureFindings(syntax, false, 'mockRoot');
}
