/**
 * The threats family's feature (issue #65): each risk the rules find on the security model derived
 * from the system map, as a diagnostic `threat-<id>` on the lines that cause it (a published port,
 * an address, a Terraform resource, a literal secret), unless the risk register treats or accepts it.
 */
import type { Feature, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import { classifiesData } from '../privacy/api';
import { holdsSummaries } from '../workspace/summaries';
import { INTERNET } from './derive';
import { raised } from './register';
import { threatRules } from './rules';
import { workspaceThreats, type ThreatsHost } from './workspace';
import type { ThreatRisk } from './analysis';

/** The rules' ids (importing them registers them). */
const codes: ReadonlySet<string> = new Set(Object.values(threatRules).map((r) => r.id));

/**
 * A low risk, and a container's store unencrypted at rest (its files cannot say it is: that is the
 * volume's, the storage class's), are information; a Terraform store that does not say it is, a warning.
 */
function informational(risk: ThreatRisk): boolean {
  return risk.severity === 'low' || (risk.rule === threatRules.unencryptedAsset.id && !(risk.elements.at(-1) ?? '').startsWith('terraform:'));
}

export function threatsFeature(host: ThreatsHost): Feature {
  return {
    id: 'threats',
    // A risk may sit on any file that deploys something: a Compose file, a manifest, a Terraform file, a workflow.
    // In a workspace that classifies its data (privacy/api.ts classifiesData): elsewhere `archipel threats` says them.
    // Not in a summarised workspace: the map it builds on keeps no image, env or annotation there (as the system checks).
    takes: (file, context) => !file.skipped && (file.isYaml || /\.tf$/i.test(file.uri)) && !holdsSummaries(context.index) && classifiesData(context.index),
    // Undefined when the contributors have what they read with: the file's checks then wait for nothing.
    prepare: (_file, context) => host.prepare?.(context.index),
    findings(file, context) {
      const { model, risks } = workspaceThreats(context.index, host);
      const out: PlacedFinding[] = [];
      const name = (id: string) => (id === INTERNET ? 'Internet' : (model.threagile.assets.get([...model.nodeOf].find(([, node]) => node === id)?.[0] ?? '')?.title ?? id));
      for (const risk of risks) {
        if (!raised(risk.tracking) || !codes.has(risk.rule)) continue;
        const path = risk.elements.length > 1 ? ` ${t('Attack path: {0}.', risk.elements.map(name).join(' → '))}` : '';
        const tracked = risk.tracking ? ` ${t('Risk register: {0}, {1}.', risk.tracking.risk, risk.tracking.status)}` : '';
        const message = `${risk.title} — ${t('STRIDE {0}; likelihood {1} × impact {2}: {3}.', risk.stride, risk.likelihood, risk.impact, risk.severity)}${path}${tracked}`;
        for (const source of risk.sources) {
          if (source.uri !== file.uri) continue;
          const start = file.lines.offsetAt(source.range.start);
          const end = Math.max(start, file.lines.offsetAt(source.range.end));
          out.push({ offset: 0, finding: { start, end, code: risk.rule, message, ...(informational(risk) ? { severity: 'information' as const } : {}), data: { syntheticId: risk.syntheticId } } });
        }
      }
      return out;
    },
  };
}
