/**
 * The editor's part of the Terraform feature (terraform/feature.ts spreads it): completion, hover,
 * signature help, the outline, semantic tokens, the references lens and formatting, on the schemas
 * and functions the family's host reads — the checks' own schemas.
 */
import type { FormattingOptions, TextEdit } from 'vscode-languageserver-types';
import type { Feature, FeatureContext } from '../../features/feature';
import type { IndexedFile } from '../../workspace/index';
import { t } from '../../l10n/t';
import type { ProviderSchemas } from '../model/providerSchemas';
import { syntaxOf } from '../model/model';
import { terraformCompletion, type EditorData } from './completion';
import { cursorContext, tokensOf } from './context';
import { terraformHover } from './editor';
import { terraformFormat } from './format';
import { signatureHelp, type FunctionTable } from './functions';
import { terraformCodeLenses } from './lens';
import { terraformDocumentLinks } from './links';
import { terraformSemanticTokens } from './semantic';
import { terraformSymbols } from './symbols';

/** What the editor reads of the family's data. */
export interface EditorServices {
  /** The provider schemas of a module's folder (a file path), as the checks read them. */
  schemas?: (folder: string, roots: readonly string[]) => ProviderSchemas;
  /** Terraform's built-in functions' signatures, read on first use. */
  functions?: () => FunctionTable | undefined;
}

/** Which files the feature reads now (the parser loaded), and the context with the index bound to installed modules. */
export interface EditorGate {
  configuration(file: IndexedFile): boolean;
  applies(file: IndexedFile): boolean;
  bind(context: FeatureContext): FeatureContext;
}

/** The files `terraform fmt` formats (the JSON syntax never). */
const FORMATTED = /\.(tf|tfvars|tftest\.hcl|tfmock\.hcl|tfquery\.hcl)$/i;

type EditorFeature = Pick<Feature, 'completion' | 'hover' | 'signatureHelp' | 'documentSymbols' | 'semanticTokens' | 'codeLenses' | 'documentLinks' | 'formatting' | 'formats'>;

export function terraformEditorFeature(services: EditorServices, gate: EditorGate): EditorFeature {
  const data = (context: FeatureContext): EditorData => ({
    ...(services.schemas ? { schemas: (folder: string) => services.schemas!(folder, context.roots ?? []) } : {}),
    ...(services.functions ? { functions: services.functions } : {}),
  });
  const native = (file: IndexedFile) => gate.applies(file) && !/\.json$/i.test(file.uri);
  return {
    formats: [{ language: 'terraform' }, { language: 'terraform-vars' }, { pattern: '**/*.{tftest,tfmock,tfquery}.hcl' }],
    completion: (file, offset, context) => (gate.configuration(file) && native(file) ? terraformCompletion(gate.bind(context).index, file, offset, data(context)) : []),
    hover: (file, offset, context) => (gate.configuration(file) ? terraformHover(gate.bind(context).index, file, offset, data(context)) : undefined),
    signatureHelp: (file, offset) => {
      if (!native(file)) return undefined;
      const at = cursorContext(tokensOf(file), file.text, offset);
      return at.kind === 'expression' && at.call ? signatureHelp(services.functions?.(), at.call.name, at.call.argument) : undefined;
    },
    documentSymbols: (file) => (gate.applies(file) ? terraformSymbols(file) : []),
    semanticTokens: (file) => (native(file) ? terraformSemanticTokens(file) : []),
    codeLenses: (file, context) => (gate.configuration(file) ? terraformCodeLenses(gate.bind(context).index, file) : []),
    documentLinks: (file, context) => (gate.configuration(file) && native(file) ? terraformDocumentLinks(gate.bind(context).index, file, data(context)) : []),
    formatting: (file, _options: FormattingOptions) => (native(file) && FORMATTED.test(file.uri) ? formatEdits(file) : undefined),
  };
}

/**
 * The largest file formatted (characters). Formatting is one synchronous pass the server cannot
 * interleave with other requests: a 3.9 MB file took 14.8 s and 568 MB, then answered nothing, while
 * another file's request waited (issue #84). Real configurations stay far below (terraform-aws-eks's
 * largest file: 60 kB); a larger one is refused with a message instead.
 */
export const FORMAT_MAX_CHARS = 1_000_000;

/** The edits turning the file into what `terraform fmt` writes: none when it does not parse (as `terraform fmt` refuses it). */
function formatEdits(file: IndexedFile): TextEdit[] | { refused: string } | undefined {
  if (file.text.length > FORMAT_MAX_CHARS) return { refused: t('Archipel formats Terraform files of up to {0} MB; this one has {1} MB: run terraform fmt on it.', FORMAT_MAX_CHARS / 1_000_000, (file.text.length / 1_000_000).toFixed(1)) };
  if (syntaxOf(file).errors.length > 0) return undefined;
  const formatted = terraformFormat(file.text);
  if (formatted === file.text) return [];
  return minimalEdits(file, formatted);
}

/** One edit per changed line when the lines stay the same in number, else one edit over the changed middle. */
function minimalEdits(file: IndexedFile, formatted: string): TextEdit[] {
  const before = file.text.split('\n');
  const after = formatted.split('\n');
  if (before.length === after.length && !file.text.includes('\r')) {
    const edits: TextEdit[] = [];
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) edits.push({ range: { start: { line: i, character: 0 }, end: { line: i, character: before[i].length } }, newText: after[i] });
    return edits;
  }
  let start = 0;
  while (start < file.text.length && start < formatted.length && file.text[start] === formatted[start]) start++;
  let end = 0;
  while (end < file.text.length - start && end < formatted.length - start && file.text[file.text.length - 1 - end] === formatted[formatted.length - 1 - end]) end++;
  return [{ range: file.lines.range(start, file.text.length - end), newText: formatted.slice(start, formatted.length - end) }];
}
