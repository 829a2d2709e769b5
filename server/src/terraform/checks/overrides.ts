/**
 * Override files (`override.tf`, `*_override.tf`): what they override must exist in the module's
 * other files, and a variable overridden keeps a default that must fit its new type.
 */
import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import type { DeclarationKind, TerraformModule } from '../model/model';
import { terraformRules } from './rules';
import { attribute, blocksOf, type Block } from '../syntax/syntax';
import { conversionProblem, readType, staticValue } from '../model/types';

type Located = { uri: string; finding: Finding };

const MISSING: Partial<Record<DeclarationKind, string>> = {
  variable: 'Missing base variable declaration to override',
  local: 'Missing base local value definition to override',
  output: 'Missing base output definition to override',
  resource: 'Missing resource to override',
  data: 'Missing data resource to override',
  module: 'Missing module call to override',
  provider: 'Missing base provider configuration for override',
};

export function overrideFindings(module: TerraformModule): Located[] {
  const out: Located[] = [];
  for (const d of module.declarations) {
    if (!d.override || d.scoped) continue;
    const base = module.byKind.get(d.kind)?.get(d.key)?.[0];
    const summary = MISSING[d.kind];
    if (!base) {
      // Terraform allows overriding a default provider configuration nobody wrote (only an aliased one needs its base).
      if (d.kind === 'provider' && !d.key.includes('.')) continue;
      if (summary) out.push({ uri: d.uri, finding: { start: d.nameSpan.start, end: d.nameSpan.end, code: terraformRules.duplicate.id, message: t('{0}: no other file of the module declares "{1}"; an override file changes a declaration, it cannot add one.', summary, d.key) } });
      continue;
    }
    if (d.kind !== 'variable') continue;
    // The variable as Terraform merges it: the override's arguments over the base's.
    const type = attribute(d.block.body, 'type') ?? attribute(base.block.body, 'type');
    const fallback = attribute(d.block.body, 'default') ?? attribute(base.block.body, 'default');
    if (!type || !fallback || (!attribute(d.block.body, 'type') && !attribute(d.block.body, 'default'))) continue;
    const reading = readType(type.expr);
    const value = staticValue(fallback.expr);
    if (!('type' in reading) || !value) continue;
    const problem = conversionProblem(value.value, reading.type);
    if (problem) out.push({ uri: d.uri, finding: { start: d.nameSpan.start, end: d.nameSpan.end, code: terraformRules.invalidType.id, message: t('Invalid default value for variable: with this override, the default does not fit the type constraint ({0}).', problem) } });
  }
  const clouds: { uri: string; block: Block }[] = [];
  for (const file of module.files) if (file.override) for (const terraform of blocksOf(file.syntax.body, 'terraform')) clouds.push(...blocksOf(terraform.body, 'cloud').map((block) => ({ uri: file.file.uri, block })));
  for (const { uri, block } of clouds.slice(1)) out.push({ uri, finding: { start: block.typeSpan.start, end: block.typeSpan.end, code: terraformRules.duplicate.id, message: t('{0}: a module has at most one; remove this one or the other.', 'Duplicate HCP Terraform configurations') } });
  return out;
}
