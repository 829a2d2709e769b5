/**
 * ansible-lint's skips: `# noqa: rule[sub] other` comments (on the finding's line, or any line of the
 * task or play it belongs to), `.ansible-lint`'s skip_list and exclude_paths, its enable_list for the
 * opt-in rules, and the `skip_ansible_lint` tag (lintTasks.ts). An id without brackets names the rule
 * with all its sub-rules (`name` skips `name[casing]`); Archipel's own ids are accepted too.
 */
import { minimatch } from 'minimatch';
import type { LineIndex } from '../../common/lineIndex';
import type { SeverityName } from '../../common/diagnostics';
import { lintIdOf } from './rules';
import type { LintConfig } from '../model/workspace';

/** The ids a `# noqa` comment of a line names (none: no comment). */
export function noqaIds(line: string): string[] {
  const at = line.search(/#\s*noqa\b/i);
  if (at < 0) return [];
  const rest = line.slice(at).replace(/^#\s*noqa\s*:?\s*/i, '');
  return rest.split(/[\s,]+/).filter((id) => /^[\w[\]-]+$/.test(id));
}

/** ansible-lint's former ids, which its skips still accept (ansiblelint/constants.py's RENAMED_TAGS). */
const RENAMED: Readonly<Record<string, string>> = {
  '102': 'no-jinja-when', '104': 'deprecated-bare-vars', '202': 'risky-octal', '206': 'jinja[spacing]', '207': 'jinja[invalid]',
  '208': 'risky-file-permissions', '301': 'no-changed-when', '303': 'command-instead-of-module', '305': 'command-instead-of-shell',
  '306': 'risky-shell-pipe', '403': 'package-latest', '501': 'partial-become', '502': 'name[missing]', '503': 'no-handler',
  '504': 'deprecated-local-action', '601': 'literal-compare', '602': 'empty-string-compare', '911': 'syntax-check',
  'var-spacing': 'jinja[spacing]', 'unnamed-task': 'name[missing]', 'no-jinja-nesting': 'jinja[invalid]', 'fqcn-builtins': 'fqcn[action-core]',
};

/** Whether a list of ansible-lint ids (skip_list, a noqa comment) names a rule. */
export function names(ids: readonly string[], code: string): boolean {
  const lint = lintIdOf(code);
  return ids.some((written) => {
    const id = RENAMED[written] ?? written;
    return id === code || (lint !== undefined && (id === lint || lint.startsWith(`${id}[`)));
  });
}

/** Whether a finding's lines (its own, and those of its task or play) carry a `# noqa` naming its rule. */
export function skippedByNoqa(lines: LineIndex, code: string, findingLine: number, scope: { startLine: number; endLine: number } | undefined): boolean {
  const from = scope ? Math.min(scope.startLine, findingLine) : findingLine;
  const to = scope ? Math.max(scope.endLine, findingLine) : findingLine;
  // The lines holding `noqa`, found once per text: reading each line of the scope for each finding
  // was quadratic (10,000 findings on one 50 kB line: 2.5 s).
  let found = noqaLines.get(lines);
  if (!found) {
    found = [];
    for (let at = lines.text.indexOf('noqa'); at >= 0; at = lines.text.indexOf('noqa', at + 4)) {
      const line = lines.positionAt(at).line;
      if (found[found.length - 1]?.line !== line) found.push({ line, ids: noqaIds(lines.lineText(line)) });
    }
    noqaLines.set(lines, found);
  }
  let low = 0;
  let high = found.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (found[middle].line < from) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < found.length && found[i].line <= to; i++) if (names(found[i].ids, code)) return true;
  return false;
}

/** The lines of a text that hold `noqa`, with the ids each names (skippedByNoqa). */
const noqaLines = new WeakMap<LineIndex, { line: number; ids: string[] }[]>();

/** What `.ansible-lint` does to a rule in a file: skip it (skip_list, exclude_paths), turn it on (enable_list), or nothing. */
export function configDecision(config: LintConfig | undefined, uri: string, code: string): 'skip' | 'enable' | undefined {
  if (!config) return undefined;
  const relative = uri.slice(config.folder.length + 1);
  if (config.exclude.some((pattern) => excluded(relative, pattern))) return 'skip';
  if (names(config.skip, code)) return 'skip';
  if (names(config.enable, code)) return 'enable';
  return undefined;
}

function excluded(relative: string, pattern: string): boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  // A pattern longer than a path (4,096 bytes) matches nothing; minimatch throws on one over 64 kB.
  return relative === clean || relative.startsWith(`${clean}/`) || (clean.length <= 4096 && minimatch(relative, clean, { dot: true }));
}

/** An opt-in rule (default off) that enable_list turns on: its severity then (warning). */
export const ENABLED_SEVERITY: SeverityName = 'warning';
