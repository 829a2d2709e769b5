/**
 * What a name of a Terraform file is (a reference, a declaration's label, a module input, a module
 * output) and everywhere it is used: go to definition, find references and rename follow a name
 * across its module's files, into the modules a local source calls (or terraform init installed)
 * and back to their callers.
 */
import type { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { isIdentifier } from '../model/coreSchema';
import { callersOf, calledModule, MODULE_META } from '../model/moduleCalls';
import { declared, editorModuleOf, moduleOf, type Declaration, type DeclarationKind, type TerraformModule } from '../model/model';
import { targetOf } from '../checks/referenceChecks';
import { moduleReferences } from '../model/references';
import type { Span } from '../syntax/syntax';

/** A name the cursor is on: a declaration of a module (reached from its label, a reference, a caller's input or output). */
export interface NamedTarget {
  module: TerraformModule;
  declaration: Declaration;
  /** The span of the name under the cursor, in the file. */
  span: Span;
}

const within = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

/** A label's text span (inside its quotes). */
function nameOnly(span: Span, file: IndexedFile): Span {
  return file.text[span.start] === '"' ? { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) } : span;
}

/** The declaration the name at `offset` designates, if any. */
export function targetAt(index: WorkspaceIndex, file: IndexedFile, offset: number, module = moduleOf(index, file)): NamedTarget | undefined {
  for (const ref of moduleReferences(module)) {
    if (ref.uri !== file.uri) continue;
    if (ref.target?.kind === 'module' && ref.attr && within(ref.attr.span, offset)) {
      const call = declared(module, 'module').get(ref.target.key)?.[0];
      const called = call && calledModule(index, module, call);
      const output = called && declared(called, 'output').get(ref.attr.name)?.[0];
      if (called && output) return { module: called, declaration: output, span: ref.attr.span };
      continue;
    }
    if (!ref.nameSpan || !within(ref.span, offset)) continue;
    const declaration = targetOf(module, ref);
    if (declaration) return { module, declaration, span: ref.nameSpan };
  }
  for (const d of module.declarations) {
    if (d.uri !== file.uri) continue;
    const span = nameOnly(d.nameSpan, file);
    if (within(span, offset)) return { module, declaration: d, span };
  }
  // An input of a module call: the called module's variable.
  for (const call of declared(module, 'module').values()) {
    for (const d of call) {
      if (d.uri !== file.uri || offset < d.block.start || offset > d.block.end) continue;
      const input = d.block.body.attributes.find((a) => within(a.nameSpan, offset) && !MODULE_META.has(a.name));
      const called = input && calledModule(index, module, d);
      const variable = called && declared(called, 'variable').get(input.name)?.[0];
      if (called && variable && input) return { module: called, declaration: variable, span: input.nameSpan };
    }
  }
  return undefined;
}

function sameDeclaration(a: Declaration, b: Declaration): boolean {
  return a.uri === b.uri && a.nameSpan.start === b.nameSpan.start;
}

/** Every use of a declaration: its own name, the references in its module, and in the modules that call it (inputs, outputs). */
export function usesOf(index: WorkspaceIndex, module: TerraformModule, declaration: Declaration): { uri: string; span: Span; definition: boolean }[] {
  const uses: { uri: string; span: Span; definition: boolean }[] = [];
  const declaringFile = module.files.find((f) => f.file.uri === declaration.uri)?.file;
  uses.push({ uri: declaration.uri, span: declaringFile ? nameOnly(declaration.nameSpan, declaringFile) : declaration.nameSpan, definition: true });
  for (const ref of moduleReferences(module)) {
    if (!ref.nameSpan || !ref.target || ref.target.kind !== declaration.kind || ref.target.key !== declaration.key) continue;
    const target = targetOf(module, ref);
    if (target && sameDeclaration(target, declaration)) uses.push({ uri: ref.uri, span: ref.nameSpan, definition: false });
  }
  if (declaration.kind === 'variable' || declaration.kind === 'output') {
    for (const { module: caller, call } of callersOf(index, module.folder)) {
      if (declaration.kind === 'variable') {
        const input = call.block.body.attributes.find((a) => a.name === declaration.key);
        if (input) uses.push({ uri: call.uri, span: input.nameSpan, definition: false });
        continue;
      }
      for (const ref of moduleReferences(caller)) {
        if (ref.target?.kind === 'module' && ref.target.key === call.key && ref.attr?.name === declaration.key) uses.push({ uri: ref.uri, span: ref.attr.span, definition: false });
      }
    }
  }
  return uses;
}

/** A place in a file of the index, or of a module `terraform init` installed (read beside it). */
function location(index: WorkspaceIndex, uri: string, span: Span, module?: TerraformModule): Location | undefined {
  const file = index.get(uri) ?? module?.files.find((f) => f.file.uri === uri)?.file;
  return file ? { uri, range: file.lines.range(span.start, span.end) } : undefined;
}

/** Go to definition: the declaration a name designates; a local module source: the module's first file. Read tolerantly in a block being typed. */
export function terraformDefinition(index: WorkspaceIndex, file: IndexedFile, offset: number): Location[] {
  const module = editorModuleOf(index, file);
  const target = targetAt(index, file, offset, module);
  if (target) {
    const found = location(index, target.declaration.uri, target.declaration.nameSpan, target.module);
    return found ? [found] : [];
  }
  for (const list of declared(module, 'module').values()) {
    for (const call of list) {
      const source = call.block.body.attributes.find((a) => a.name === 'source');
      if (call.uri !== file.uri || !source || !within(source.expr, offset)) continue;
      const called = calledModule(index, module, call);
      const first = called?.files.find((f) => /\/main\.tf$/.test(f.file.uri)) ?? called?.files[0];
      if (first) return [{ uri: first.file.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
    }
  }
  return [];
}

/** Find references: every use of the name under the cursor (its declaration included). */
export function terraformReferences(index: WorkspaceIndex, file: IndexedFile, offset: number): Location[] {
  const target = targetAt(index, file, offset);
  if (!target) return [];
  return usesOf(index, target.module, target.declaration).flatMap((use) => location(index, use.uri, use.span, target.module) ?? []);
}

/** The name a rename would change under the cursor. */
export function terraformPrepareRename(index: WorkspaceIndex, file: IndexedFile, offset: number): { range: Range; placeholder: string } | undefined {
  const target = targetAt(index, file, offset);
  // What terraform init downloaded is not the user's to rename: renaming its uses alone would break them.
  if (!target || target.module.installed) return undefined;
  return { range: file.lines.range(target.span.start, target.span.end), placeholder: file.text.slice(target.span.start, target.span.end) };
}

const RENAMABLE: ReadonlySet<DeclarationKind> = new Set(['variable', 'local', 'output', 'resource', 'data', 'ephemeral', 'module']);

/** Rename: the declaration and every use, across the module and its callers; undefined for a name that is not a valid identifier. */
export function terraformRename(index: WorkspaceIndex, file: IndexedFile, offset: number, newName: string): WorkspaceEdit | undefined {
  const target = targetAt(index, file, offset);
  if (!target || target.module.installed || !RENAMABLE.has(target.declaration.kind) || !isIdentifier(newName)) return undefined;
  const changes: Record<string, TextEdit[]> = {};
  for (const use of usesOf(index, target.module, target.declaration)) {
    const inFile = index.get(use.uri);
    if (!inFile) continue;
    (changes[use.uri] ??= []).push({ range: inFile.lines.range(use.span.start, use.span.end), newText: newName });
  }
  return { changes };
}
