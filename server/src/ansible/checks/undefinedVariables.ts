/**
 * ansible-undefined-variable: a variable a template reads that nothing defines — not the workspace
 * (variables.ts: its definitions), nor Ansible (its special variables, facts and connection
 * variables: magic.ts), nor the template itself — unless a `default` filter or an `is defined` test
 * guards it, or the file is in a project where something defines names no one can read.
 */
import { t } from '../../l10n/t';
import type { WorkspaceIndex } from '../../workspace/index';
import type { YamlChunk } from '../../yaml/model';
import type { AnsibleKind } from '../model/kind';
import { isBuiltinVariable } from '../model/magic';
import type { Keywords } from '../model/model';
import { rules } from './rules';
import type { AnsibleFinding } from './structure';
import { openIn, usesOf, workspaceDefinitions } from '../model/variables';

/** ansible-undefined-variable on a document of the file `uri`. */
export function variableFindings(chunk: YamlChunk, kind: AnsibleKind, index: WorkspaceIndex, keywords: Keywords, uri: string): AnsibleFinding[] {
  const { names, open } = workspaceDefinitions(index, keywords);
  if (open.size > 0 && openIn(open, uri)) return [];
  const findings: AnsibleFinding[] = [];
  const seen = new Set<string>();
  for (const use of usesOf(chunk, kind, keywords, (name) => !names.has(name) && !isBuiltinVariable(name))) {
    if (use.guarded || use.local.has(use.name)) continue;
    const key = `${use.at.start}:${use.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ start: use.at.start, end: use.at.end, code: rules.undefinedVariable.id, message: t('\'{0}\' is defined nowhere in the workspace (roles\' defaults and vars, inventories, group_vars, host_vars, plays\' vars, register, set_fact): define it, or guard it with | default(…)', use.name), ...(use.scope ? { scope: use.scope } : {}) });
  }
  return findings;
}
