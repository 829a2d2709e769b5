import type { SeveritySetting } from '../common/diagnostics';

export interface RuleInfo {
  /** Stable kebab-case id, used in settings, `# archipel-ignore` comments and the CLI output. */
  id: string;
  /** 'off' for an opt-in rule (like kube-linter's non-default checks): enabled through archipel.rules. */
  defaultSeverity: SeveritySetting;
  /** One sentence for the README and the settings description. */
  description: string;
  /**
   * Its findings say what the other files of the workspace lack (a file, an object, a name no file
   * defines): until the index holds the whole workspace (the language server's first scan), they
   * may be false, so they are held back until then (service.ts).
   */
  needsIndex?: boolean;
}

const registry = new Map<string, RuleInfo>();

export function defineRule<T extends RuleInfo>(info: T): T {
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

/** Whether a rule's findings need the whole workspace in the index (RuleInfo.needsIndex). */
export function needsIndex(id: string): boolean {
  return registry.get(id)?.needsIndex === true;
}
