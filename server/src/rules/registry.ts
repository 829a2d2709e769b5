import type { SeverityName } from '../common/diagnostics';

export interface RuleInfo {
  /** Stable kebab-case id, used in settings, `# archipel-ignore` comments and the CLI output. */
  id: string;
  defaultSeverity: SeverityName;
  /** One sentence for the README and the settings description. */
  description: string;
}

const registry = new Map<string, RuleInfo>();

export function defineRule(info: RuleInfo): RuleInfo {
  if (registry.has(info.id)) throw new Error(`rule ${info.id} defined twice`);
  registry.set(info.id, info);
  return info;
}

export function ruleInfo(id: string): RuleInfo | undefined {
  return registry.get(id);
}

export function allRules(): RuleInfo[] {
  return [...registry.values()];
}
