/**
 * Hovers of Terraform files: what the schemas say of the place (hover.ts), else what a declared name
 * is (a variable's type, default and description, a local's value, a module's source, where it is
 * declared).
 */
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { t } from '../../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import type { Declaration, TerraformModule } from '../model/model';
import { targetAt } from './navigation';
import { attribute, staticString } from '../syntax/syntax';
import type { EditorData } from './completion';
import { schemaHover } from './hover';

/** The text of an expression, shortened for a hover. */
function excerpt(module: TerraformModule, uri: string, span: { start: number; end: number }): string {
  const text = module.files.find((f) => f.file.uri === uri)?.file.text.slice(span.start, span.end) ?? '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** What a declaration is, in Markdown. */
export function describeDeclaration(module: TerraformModule, d: Declaration): string {
  const lines: string[] = [];
  const body = d.block.body;
  const code = (name: string) => {
    const a = attribute(body, name);
    return a ? excerpt(module, d.uri, a.expr) : undefined;
  };
  switch (d.kind) {
    case 'variable':
      lines.push(`**variable "${d.key}"**`);
      if (code('type')) lines.push(t('type: `{0}`', code('type')!));
      lines.push(code('default') !== undefined ? t('default: `{0}`', code('default')!) : t('required: no default'));
      if (attribute(body, 'sensitive')) lines.push(t('sensitive'));
      break;
    case 'local':
      lines.push(`**local.${d.key}**`, '```hcl\n' + excerpt(module, d.uri, d.attribute!.expr) + '\n```');
      break;
    case 'output':
      lines.push(`**output "${d.key}"**`);
      if (code('value')) lines.push('```hcl\n' + code('value')! + '\n```');
      break;
    case 'module':
      lines.push(`**module "${d.key}"**`, t('source: `{0}`', staticString(attribute(body, 'source')?.expr) ?? '?'));
      if (code('version')) lines.push(t('version: `{0}`', code('version')!));
      break;
    default:
      lines.push(`**${d.kind === 'resource' ? 'resource' : d.kind} "${d.type ?? ''}" "${d.name}"**`);
  }
  const description = staticString(attribute(body, 'description')?.expr);
  if (description) lines.push(description);
  const file = module.files.find((f) => f.file.uri === d.uri);
  if (file) lines.push(t('declared in {0}, line {1}', decodeURIComponent(d.uri.slice(d.uri.lastIndexOf('/') + 1)), file.file.lines.positionAt(d.nameSpan.start).line + 1));
  return lines.join('\n\n');
}

/** Hover on a name: what it designates. */
export function declarationHover(index: WorkspaceIndex, file: IndexedFile, offset: number): Hover | undefined {
  const target = targetAt(index, file, offset);
  if (!target) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: describeDeclaration(target.module, target.declaration) }, range: file.lines.range(target.span.start, target.span.end) };
}

/** Hover: what the schemas say of the place (an argument, a block, a type, a function, an exported attribute), else the declaration a name designates. */
export function terraformHover(index: WorkspaceIndex, file: IndexedFile, offset: number, data: EditorData = {}): Hover | undefined {
  return schemaHover(index, file, offset, data) ?? declarationHover(index, file, offset);
}
