/**
 * What Terraform checks of a module's declarations: names declared twice, count with for_each,
 * variables (type constraints, defaults, nullable, const), the terraform block (language edition,
 * experiments, backends, required_providers), provider sources and local names.
 */
import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import type { Declaration, TerraformModule } from '../model/model';
import { isOverride, objectKey } from '../model/model';
import { terraformRules } from './rules';
import { withFix } from '../editor/fixes';
import { attribute, blocksOf, keyword, staticString, type Block } from '../syntax/syntax';
import { conversionProblem, readType, staticValue } from '../model/types';

const r = terraformRules;

type Located = { uri: string; finding: Finding };

const DUPLICATE_SUMMARIES: Record<string, string> = {
  variable: 'Duplicate variable declaration',
  local: 'Duplicate local value definition',
  output: 'Duplicate output definition',
  resource: 'Duplicate resource configuration',
  data: 'Duplicate data resource configuration',
  ephemeral: 'Duplicate ephemeral resource configuration',
  module: 'Duplicate module call',
  provider: 'Duplicate provider configuration',
  check: 'Duplicate check block',
};

function lineOf(module: TerraformModule, d: Declaration): number {
  const file = module.files.find((f) => f.file.uri === d.uri);
  return file ? file.file.lines.positionAt(d.nameSpan.start).line + 1 : 0;
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** Names declared twice in the module's base files. */
function duplicates(module: TerraformModule, out: Located[]): void {
  for (const [kind, byKey] of module.byKind) {
    for (const [key, list] of byKey) {
      for (const d of list.slice(1)) {
        const first = list[0];
        out.push({ uri: d.uri, finding: { start: d.nameSpan.start, end: d.nameSpan.end, code: r.duplicate.id, message: t('{0}: "{1}" is already declared at {2}:{3}; each name is declared once per module.', DUPLICATE_SUMMARIES[kind] ?? 'Duplicate declaration', key, fileName(first.uri), lineOf(module, first)) } });
      }
    }
  }
}

function countAndForEach(d: Declaration, out: Located[]): void {
  const count = attribute(d.block.body, 'count');
  const forEach = attribute(d.block.body, 'for_each');
  if (count && forEach) out.push({ uri: d.uri, finding: { start: forEach.nameSpan.start, end: forEach.nameSpan.end, code: r.countForEach.id, message: t('Invalid combination of "count" and "for_each": the two meta-arguments are mutually exclusive; keep one.') } });
}

function variableFindings(d: Declaration, out: Located[]): void {
  const body = d.block.body;
  const add = (span: { start: number; end: number }, code: string, message: string) => out.push({ uri: d.uri, finding: { start: span.start, end: span.end, code, message } });
  const typeAttribute = attribute(body, 'type');
  const reading = typeAttribute ? readType(typeAttribute.expr) : undefined;
  if (reading && 'error' in reading) {
    if (reading.error === 'quoted') {
      const bare = staticString(reading.at) ?? '';
      out.push({ uri: d.uri, finding: { start: reading.at.start, end: reading.at.end, code: r.quotedType.id, message: t('Invalid quoted type constraints: Terraform 0.11 and earlier wanted quotes; write the type without them ({0}).', bare), data: withFix(t('Write {0} without quotes', bare), [{ start: reading.at.start, end: reading.at.end, newText: bare }]) } });
    }
    else add(reading.at, r.invalidType.id, t('Invalid type specification: this is not a type; a type is string, number, bool, any, list(…), set(…), map(…), object({…}) or tuple([…]).'));
  }
  const defaultAttribute = attribute(body, 'default');
  const nullable = attribute(body, 'nullable');
  if (defaultAttribute) {
    const value = staticValue(defaultAttribute.expr);
    if (value && value.value === null && nullable && nullable.expr.kind === 'literal' && nullable.expr.value === false) {
      add(defaultAttribute.expr, r.invalidType.id, t('Invalid default value for variable: a variable with nullable = false cannot default to null.'));
    } else if (value && reading && 'type' in reading) {
      const problem = conversionProblem(value.value, reading.type);
      if (problem) add(defaultAttribute.expr, r.invalidType.id, t('Invalid default value for variable: this default does not fit the type constraint ({0}).', problem));
    }
  }
  const isTrue = (name: string) => {
    const a = attribute(body, name);
    return a !== undefined && ((a.expr.kind === 'literal' && a.expr.value === true) || staticString(a.expr) === 'true');
  };
  if (isTrue('const') && isTrue('sensitive')) add(d.nameSpan, r.invalidValue.id, t('Const variable cannot be sensitive: a const variable\'s value is known while the configuration loads; remove sensitive or const.'));
  if (isTrue('const') && isTrue('ephemeral')) add(d.nameSpan, r.invalidValue.id, t('Const variable cannot be ephemeral: a const variable\'s value is known while the configuration loads; remove ephemeral or const.'));
}

/** A provider type name Terraform accepts (lowercase letters, digits, dashes). */
function validProviderName(name: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name);
}

function terraformBlockFindings(module: TerraformModule, out: Located[]): void {
  const backends: { uri: string; block: Block }[] = [];
  const clouds: { uri: string; block: Block }[] = [];
  const required: { uri: string; block: Block }[] = [];
  for (const { file, syntax, override } of module.files) {
    const uri = file.uri;
    for (const terraform of blocksOf(syntax.body, 'terraform')) {
      const language = attribute(terraform.body, 'language');
      if (language) {
        const word = keyword(language.expr);
        if (!word) out.push({ uri, finding: { start: language.expr.start, end: language.expr.end, code: r.invalidValue.id, message: t('Invalid language edition: write the edition as a bare keyword (language = TF2021), not a string.') } });
        else if (word !== 'TF2021') out.push({ uri, finding: { start: language.expr.start, end: language.expr.end, code: r.invalidValue.id, message: t('Unsupported language edition: this version of Terraform reads the edition TF2021 only, not {0}.', word) } });
      }
      experimentFindings(terraform, uri, out);
      if (!override) {
        backends.push(...blocksOf(terraform.body, 'backend').map((block) => ({ uri, block })));
        clouds.push(...blocksOf(terraform.body, 'cloud').map((block) => ({ uri, block })));
        required.push(...blocksOf(terraform.body, 'required_providers').map((block) => ({ uri, block })));
      }
      for (const block of blocksOf(terraform.body, 'required_providers')) {
        for (const entry of block.body.attributes) {
          if (!validProviderName(entry.name)) out.push({ uri, finding: { start: entry.nameSpan.start, end: entry.nameSpan.end, code: r.invalidName.id, message: t('Invalid provider local name: "{0}" is not a valid provider name: lowercase letters, digits and dashes only (dashes not at either end).', entry.name) } });
          if (entry.expr.kind !== 'object') continue;
          for (const item of entry.expr.items) {
            if (objectKey(item.key) !== 'source') continue;
            const source = staticString(item.value);
            const type = source?.split('/').pop() ?? '';
            if (source && type.startsWith('terraform-')) {
              const message = type.startsWith('terraform-provider-')
                ? t('Invalid provider type: the type of "{0}" starts with "terraform-provider-", the prefix of the provider\'s repository, not of its type; write "{1}".', source, source.replace(/terraform-provider-([^/]*)$/, '$1'))
                : t('Invalid provider type: the type of "{0}" starts with "terraform-", which provider types do not.', source);
              out.push({ uri, finding: { start: item.value.start, end: item.value.end, code: r.invalidValue.id, message } });
            }
          }
        }
      }
    }
  }
  const again = (list: { uri: string; block: Block }[], summary: string) => {
    for (const { uri, block } of list.slice(1)) out.push({ uri, finding: { start: block.typeSpan.start, end: block.typeSpan.end, code: r.duplicate.id, message: t('{0}: a module has at most one; remove this one or the other.', summary) } });
  };
  again(backends, 'Duplicate backend configuration');
  again(clouds, 'Duplicate HCP Terraform configurations');
  again(required, 'Duplicate required providers configuration');
  if (backends.length > 0 && clouds.length > 0) {
    const { uri, block } = clouds[0];
    out.push({ uri, finding: { start: block.typeSpan.start, end: block.typeSpan.end, code: r.duplicate.id, message: t('Only one of \'cloud\', \'state_store\', or \'backend\' configuration blocks are allowed: this module has a backend block too.') } });
  }
}

/** `provider = name` or `name.alias` in resources: a valid local name. */
function providerReference(d: Declaration, out: Located[]): void {
  const a = attribute(d.block.body, 'provider');
  if (!a) return;
  const name = a.expr.kind === 'traversal' ? a.expr.root.name : staticString(a.expr)?.split('.')[0];
  if (name !== undefined && !validProviderName(name)) {
    out.push({ uri: d.uri, finding: { start: a.expr.start, end: a.expr.end, code: r.invalidName.id, message: t('Invalid provider local name: "{0}" is not a valid provider name: lowercase letters, digits and dashes only (dashes not at either end).', name) } });
  }
}

/** Experiments that concluded (usable without the keyword now), by keyword. */
const CONCLUDED_EXPERIMENTS = new Set(['variable_validation', 'suppress_provider_sensitive_attrs', 'config_driven_move', 'preconditions_postconditions', 'module_variable_optional_attrs']);

/** Experiment keywords: concluded ones, and unknown ones (experiments run only in alpha builds of Terraform). */
function experimentFindings(terraform: Block, uri: string, out: Located[]): void {
  const experiments = attribute(terraform.body, 'experiments');
  if (!experiments || experiments.expr.kind !== 'tuple') return;
  for (const item of experiments.expr.items) {
    const word = keyword(item);
    if (!word) continue;
    const message = CONCLUDED_EXPERIMENTS.has(word)
      ? t('Experiment has concluded: "{0}" is part of the language now; remove it from experiments.', word)
      : t('Unknown experiment keyword: "{0}" is not an experiment of this version of Terraform (experiments run only in alpha builds).', word);
    out.push({ uri, finding: { start: item.start, end: item.end, code: r.invalidValue.id, message } });
  }
}

/** Every declaration finding of the module, with the file each is in. */
export function declarationFindings(module: TerraformModule): Located[] {
  const out: Located[] = [];
  duplicates(module, out);
  for (const d of module.declarations) {
    if (d.kind === 'resource' || d.kind === 'data' || d.kind === 'ephemeral' || d.kind === 'module') countAndForEach(d, out);
    if (d.kind === 'resource' || d.kind === 'data' || d.kind === 'ephemeral') providerReference(d, out);
    if (d.kind === 'variable') variableFindings(d, out);
  }
  terraformBlockFindings(module, out);
  importsOfMovedAddresses(module, out);
  duplicateImports(module, out);
  return out;
}

/** Two import blocks into one address: terraform validate refuses the second (issue #83). Blocks with for_each import many: not compared. */
function duplicateImports(module: TerraformModule, out: Located[]): void {
  const first = new Map<string, { uri: string; start: number }>();
  for (const { file, syntax } of module.files) {
    if (isOverride(file.uri)) continue;
    for (const block of blocksOf(syntax.body, 'import')) {
      const to = attribute(block.body, 'to');
      if (!to || attribute(block.body, 'for_each')) continue;
      const address = file.text.slice(to.expr.start, to.expr.end).replace(/\s+/g, '');
      const earlier = first.get(address);
      if (!earlier) {
        first.set(address, { uri: file.uri, start: to.expr.start });
        continue;
      }
      const at = module.files.find((f) => f.file.uri === earlier.uri)!.file.lines.positionAt(earlier.start);
      out.push({ uri: file.uri, finding: { start: to.expr.start, end: to.expr.end, code: r.duplicate.id, message: t('Duplicate import configuration: an import block into "{0}" is already declared at {1}:{2}; a resource instance is imported by one import block.', address, fileName(earlier.uri), at.line + 1) } });
    }
  }
}

/** An import into an address a moved block moves away from: Terraform refuses it. */
function importsOfMovedAddresses(module: TerraformModule, out: Located[]): void {
  const text = (uri: string, span: { start: number; end: number }) => module.files.find((f) => f.file.uri === uri)?.file.text.slice(span.start, span.end).replace(/\s+/g, '') ?? '';
  const movedFrom = new Set<string>();
  for (const { file, syntax } of module.files) for (const moved of blocksOf(syntax.body, 'moved')) {
    const from = attribute(moved.body, 'from');
    if (from) movedFrom.add(text(file.uri, from.expr));
  }
  if (movedFrom.size === 0) return;
  for (const { file, syntax } of module.files) for (const block of blocksOf(syntax.body, 'import')) {
    const to = attribute(block.body, 'to');
    if (to && movedFrom.has(text(file.uri, to.expr))) out.push({ uri: file.uri, finding: { start: to.expr.start, end: to.expr.end, code: r.invalidValue.id, message: t('Cannot import to a moved address: a moved block moves "{0}" elsewhere; import into the address it moves to.', text(file.uri, to.expr)) } });
  }
}
