/**
 * The continuity gaps as diagnostics (issue #97): `continuity-<rule>` on the line of the replicas, the budget, the
 * attribute, the store, with a quick fix where one is obvious (a PodDisruptionBudget, a topology spread, `multi_az =
 * true`, REGIONAL, 2 replicas) — raised where the workspace asks for them (a `continuity:` section in archipel.yaml:
 * a repository that declares no objective gets no finding unasked; `archipel continuity` reports on any). Accepted
 * gaps (the section's `accepted:`) are not raised.
 */
import type { Feature, PlacedFinding } from '../features/feature';
import { workspaceContinuity, type ContinuityHost } from './analysis';
import { holdsSummaries } from '../workspace/summaries';
import { objectivesOf, type Objectives } from './objectives';
import { continuityRules } from './rules';
import path from 'node:path';
import { t } from '../l10n/t';

/** A side file's path as said from a file of the workspace: relative to that file's folder (`.dvc/config`, `../.dvc/config`). */
function sideName(side: string, from: string): string {
  return path.posix.relative(path.posix.dirname(new URL(from).pathname), new URL(side).pathname);
}

/** Whether a file is under the folder of an archipel.yaml with a continuity section (its own folder's, or a parent's). */
function asksFor(uri: string, objectives: Objectives): boolean {
  return objectives.folders.some((folder) => uri.startsWith(`${folder}/`));
}

export function continuityFeature(host: ContinuityHost): Feature {
  return {
    id: 'continuity',
    takes: (file) => !file.skipped && (file.isYaml || /\.tf$/i.test(file.uri)),
    prepare: (file, context) => (asksFor(file.uri, objectivesOf(context.index)) ? host.prepare?.(context.index) : undefined),
    findings(file, context) {
      // The section is read first: the derivation (the map, Terraform's plan) runs only for a file under one. Past 5,000
      // files the index keeps summaries (no image, env or volume of an object): nothing is judged, as the system checks.
      if (holdsSummaries(context.index) || !asksFor(file.uri, objectivesOf(context.index))) return [];
      const analysis = workspaceContinuity(context.index, host);
      if (!analysis.asked) return [];
      const out: PlacedFinding[] = [];
      for (const g of analysis.gaps) {
        if (g.uri !== file.uri) {
          // A gap placed in a side file (a local DVC remote in .dvc/config) shows on the outs it is about, its place named.
          for (const at of g.shownAt ?? []) {
            if (at.uri === file.uri) out.push({ offset: 0, finding: { start: at.start, end: Math.max(at.start, at.end), code: g.rule, message: t('{0} ({1}, line {2})', g.message, sideName(g.uri, file.uri), g.line ?? 1) } });
          }
          continue;
        }
        const fix = g.fix && g.fix.uri === file.uri ? { title: g.fix.title, edits: [{ start: g.fix.start, end: g.fix.end, newText: g.fix.newText }] } : undefined;
        out.push({ offset: 0, finding: { start: g.start, end: Math.max(g.start, g.end), code: g.rule, message: g.message, ...(fix ? { fix } : {}) } });
      }
      for (const p of analysis.problems) if (p.place.uri === file.uri) out.push({ offset: 0, finding: { start: p.place.start, end: p.place.end, code: continuityRules.section.id, message: p.message } });
      return out;
    },
  };
}
