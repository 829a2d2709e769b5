/**
 * Threagile's missing-hardening (issue #78): an in-scope asset of relative attacker attractiveness
 * 55 % or more (40 % for a data store or a high-value target) should be hardened explicitly.
 */
import { hasAttribute, type ThreagileRisk } from './model';
import { risk, type RiskCategory } from './ruleKit';

const RAA_LIMIT = 55;
const RAA_LIMIT_HIGH_VALUE = 40;

export const missingHardening: RiskCategory = {
  id: 'missing-hardening',
  title: 'Missing Hardening',
  stride: 'tampering',
  cwe: 16,
  mitigation: 'Harden the component by its vendor\'s guide and the CIS benchmark of its kind (non-root user, read-only file system, dropped capabilities, no default accounts, only the services it needs); the more attractive the target, the more it is due.',
  generate(index, options) {
    // Whether a component is hardened is not in the model derived from the deploy files (its RAA is relative: the most attractive one is always at 100 %).
    if (options?.derived === true) return [];
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope) continue;
      if (asset.raa < RAA_LIMIT && !(asset.raa >= RAA_LIMIT_HIGH_VALUE && (asset.type === 'datastore' || hasAttribute(asset, 'high_value_target')))) continue;
      const impact = index.processedConfidentiality(asset) === 'strictly-confidential' || index.processedIntegrity(asset) === 'mission-critical' ? 'medium' : 'low';
      risks.push(risk(this.id, 'likely', impact, {
        syntheticId: `${this.id}@${asset.id}`, title: `Missing Hardening risk at ${asset.title}`, asset: asset.id, breachProbability: 'improbable', breachAssets: [asset.id],
      }));
    }
    return risks;
  },
};
