/**
 * Paths of the repository a module names that must exist when Terraform runs: the files read by
 * file(), templatefile() and their kin with `${path.module}/…` (kubernetes_manifest's
 * yamldecode(file(…)), a helm_release's values), and a helm_release's local chart folder (no
 * repository: `./charts/api` or `${path.module}/charts/api`, a chart is a folder with Chart.yaml).
 * Warnings: a build step may generate a file before `terraform plan` (a zipped function). Whether
 * a path exists is the host's to say (the descriptor, confined to the workspace).
 */
import path from 'node:path';
import { fsPathOf } from '../../common/containment';
import { t } from '../../l10n/t';
import { declared, perFile, type ModuleFile, type TerraformModule } from '../model/model';
import type { Located } from './referenceChecks';
import { rule } from './rules';
import { attribute, staticString, subExpressions, type Expr, type Span } from '../syntax/syntax';
import { expressions } from './tflintChecks';

export const pathRules = {
  missingPath: rule('terraform-missing-path', 'warning', "A file read with file(), templatefile() or their kin at ${path.module}/…, or a helm_release's local chart folder, that the repository does not have."),
};

/** What is at a path: a file, a folder, nothing, or unknown (outside the workspace: not judged). */
export type PathKind = 'file' | 'folder' | 'missing' | 'unknown';
export type PathProbe = (fsPath: string) => PathKind;

const FILE_FUNCTIONS = new Set(['file', 'filebase64', 'filemd5', 'filesha1', 'filesha256', 'filesha512', 'filebase64sha256', 'filebase64sha512', 'templatefile']);

/** The module-relative path of `"${path.module}/x/y"` (or of a literal `./x/y`, `../x`), else undefined. */
export function moduleRelativePath(expr: Expr | undefined, literal: boolean): string | undefined {
  if (!expr) return undefined;
  if (literal) {
    const text = staticString(expr);
    if (text !== undefined) return /^\.\.?\//.test(text) ? text : undefined;
  }
  if (expr.kind !== 'template' || expr.parts.length !== 2) return undefined;
  const [head, tail] = expr.parts;
  const isModule = head.kind === 'interp' && head.expr.kind === 'traversal' && head.expr.root.name === 'path' && head.expr.steps.length === 1 && head.expr.steps[0].kind === 'attr' && head.expr.steps[0].name === 'module';
  return isModule && tail.kind === 'text' && tail.value.startsWith('/') && !tail.value.includes('*') ? `.${tail.value}` : undefined;
}

/** Whether a condition calls fileexists(), alone or within `!`, `&&`, `||` and parentheses. */
function asksFileexists(cond: Expr): boolean {
  const work: Expr[] = [cond];
  while (work.length > 0) {
    const e = work.pop()!;
    if (e.kind === 'call' && e.name.name === 'fileexists') return true;
    if (e.kind === 'paren') work.push(e.inner);
    else if (e.kind === 'unary') work.push(e.operand);
    else if (e.kind === 'binary') work.push(e.left, e.right);
  }
  return false;
}

/** The `${path.module}/…` paths a file reads with file() and its kin (once per version of the file). */
const fileReads = perFile((file: ModuleFile) => {
  const reads: { relative: string; span: Span; name: string }[] = [];
  // A read Terraform makes only when the file is there: inside try()/can(), or a branch of `fileexists(…) ? … : …`.
  const guarded = new Set<Expr>();
  for (const e of expressions(file)) {
    // Parents come before their parts: a guarded part's own parts are guarded already (each expression walked once).
    if (guarded.has(e)) continue;
    const within = e.kind === 'call' && (e.name.name === 'try' || e.name.name === 'can') ? e.args : e.kind === 'conditional' && asksFileexists(e.cond) ? [e.then, e.else] : [];
    for (const arg of within) for (const inner of subExpressions(arg)) guarded.add(inner);
  }
  for (const e of expressions(file)) {
    if (e.kind !== 'call' || !FILE_FUNCTIONS.has(e.name.name) || guarded.has(e)) continue;
    const relative = moduleRelativePath(e.args[0], false);
    if (relative) reads.push({ relative, span: { start: e.args[0].start, end: e.args[0].end }, name: e.name.name });
  }
  return reads;
});

/** The module's paths that do not exist. */
export function pathFindings(module: TerraformModule, probe: PathProbe): Located[] {
  const folder = fsPathOf(module.folder);
  if (!folder) return [];
  const out: Located[] = [];
  for (const file of module.files) {
    for (const { relative, span, name } of fileReads(file)) {
      if (probe(path.join(folder, relative)) !== 'missing') continue;
      out.push({ uri: file.file.uri, finding: { ...span, code: pathRules.missingPath.id, message: t('No file {0} in the module\'s folder: {1}() fails at plan time unless a build step creates it first.', relative.slice(2), name) } });
    }
  }
  for (const [, [d]] of declared(module, 'resource')) {
    if (d.type !== 'helm_release' || attribute(d.block.body, 'repository')) continue;
    const chart = attribute(d.block.body, 'chart');
    const relative = moduleRelativePath(chart?.expr, true);
    if (!chart || !relative || probe(path.join(folder, relative, 'Chart.yaml')) !== 'missing') continue;
    out.push({ uri: d.uri, finding: { start: chart.expr.start, end: chart.expr.end, code: pathRules.missingPath.id, message: t('No chart at {0} (a folder with Chart.yaml) beside the module: the release has no repository, so its chart is this local path.', relative) } });
  }
  return out;
}
