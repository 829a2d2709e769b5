/**
 * The SLO family's editor and `archipel check` feature: its specs' findings, held against the system map, the
 * did-you-mean quick fixes, and the rules generated from a spec kept in sync with it (sync.ts: a quick fix regenerates them).
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver-types';
import { replacementFixes } from '../common/fixes';
import type { Feature, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { holdsSummaries } from '../workspace/summaries';
import { sloFindings, type SloSchemas } from './check';
import { sloCompletion, sloHover } from './editor';
import { SLO_MARK } from './files';
import { sloMetricRule, sloOpenSloRule, sloRulesStaleRule, sloServiceRule, sloUnknownFieldRule } from './rules';
import { isGeneratedRules, syncState } from './sync';
import { sloSystem, type SloSystem, type SloSystemHost } from './system';

const fixable = new Set([sloUnknownFieldRule.id, sloOpenSloRule.id, sloServiceRule.id, sloMetricRule.id]);

/** The finding on a generated rules file's first line when it is stale or its spec is missing. */
function syncFindings(file: IndexedFile, index: WorkspaceIndex): PlacedFinding[] {
  const state = syncState(file, index);
  if (!state || state.state === 'current') return [];
  const end = file.text.indexOf('\n');
  const message =
    state.state === 'missing'
      ? t('These rules were generated from "{0}", which is not in the workspace: they cannot be kept in sync with it.', state.path)
      : t('These rules are not what their SLO spec "{0}" generates now: it changed since they were generated, or they were edited. Regenerate them (quick fix, or archipel slo generate).', state.spec);
  return [{ offset: 0, finding: { start: 0, end: end < 0 ? file.text.length : end, code: sloRulesStaleRule.id, message } }];
}

/**
 * @param schemas schemas/slo/*.schema.json (platform/sharedData.ts loadSloSchemas).
 * @param host the system map and the Prometheus family's face (families/slo.ts); absent: no check against the system.
 */
export function sloFeature(schemas: SloSchemas, host?: SloSystemHost): Feature {
  return {
    id: 'slo',
    // A summarised workspace (past 5,000 files) keeps no image, env or scrape label of its objects: as the system family
    // (system/feature.ts), the checks against the system say nothing there rather than judge what they cannot see.
    prepare: (file, context) => (host?.prepare && file.yaml && SLO_MARK.test(file.text) && !isGeneratedRules(file.text) && !holdsSummaries(context.index) ? host.prepare(context.index) : undefined),
    findings: (file, context) => {
      if (!file.yaml) return [];
      if (isGeneratedRules(file.text)) return syncFindings(file, context.index);
      let system: SloSystem | undefined | null = null;
      const systemOf = () => {
        if (system === null) system = host && !holdsSummaries(context.index) ? sloSystem(host.mapOf(context.index), context.index, host.prometheus) : undefined;
        return system;
      };
      return sloFindings(file.yaml, schemas, systemOf);
    },
    completion: (file, offset) => sloCompletion(schemas, file, offset),
    hover: (file, offset) => sloHover(schemas, file, offset),
    codeActions: (file, _range, diagnostics, context) => {
      const actions: CodeAction[] = replacementFixes(file.uri, diagnostics, fixable);
      const stale = diagnostics.filter((d) => d.code === sloRulesStaleRule.id);
      // Not in an untrusted workspace, nor through a link leading outside it (issue #67).
      if (stale.length === 0 || context.mayRewrite?.(file.uri) === false) return actions;
      const state = syncState(file, context.index);
      if (state?.state !== 'stale') return actions;
      const whole = { start: file.lines.positionAt(0), end: file.lines.positionAt(file.text.length) };
      actions.push({ title: t('Regenerate the rules from {0}', state.spec), kind: CodeActionKind.QuickFix, diagnostics: stale, isPreferred: true, edit: { changes: { [file.uri]: [{ range: whole, newText: state.text }] } } });
      return actions;
    },
  };
}
