/**
 * Threagile's missing-identity-provider-isolation (issue #78): an identity-related asset sharing its
 * execution environment or network segment with unrelated assets that are not built to sit beside
 * high-value targets.
 */
import { hasAttribute, type ThreagileRisk } from './model';
import { risk, sameExecutionEnvironment, type RiskCategory } from './ruleKit';

export const missingIdentityProviderIsolation: RiskCategory = {
  id: 'missing-identity-provider-isolation',
  title: 'Missing Identity Provider Isolation',
  stride: 'elevation-of-privilege',
  cwe: 1008,
  mitigation: 'Give the identity provider and its stores an execution environment and a network segment of their own (a namespace with its NetworkPolicies, a security group, separate nodes), away from the less protected components.',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    const assets = index.sortedAssets();
    for (const asset of assets) {
      if (asset.outOfScope || !hasAttribute(asset, 'identity_related')) continue;
      let found = false;
      let sameEnvironment = false;
      for (const other of assets) {
        if (other.key === asset.key || hasAttribute(other, 'identity_related') || hasAttribute(other, 'close_to_high_value_targets_tolerated')) continue;
        if (sameExecutionEnvironment(index, asset, other)) found = sameEnvironment = true;
        else if (index.sameNetworkBoundary(asset.id, other.id)) found = true;
      }
      if (!found) continue;
      const moreImpact = asset.confidentiality === 'strictly-confidential' || asset.integrity === 'mission-critical' || asset.availability === 'mission-critical';
      risks.push(risk(this.id, sameEnvironment ? 'likely' : 'unlikely', moreImpact ? 'very-high' : 'high', {
        syntheticId: `${this.id}@${asset.id}`,
        title: `Missing Identity Provider Isolation to further encapsulate and protect identity-related asset ${asset.title} against unrelated lower protected assets ${sameEnvironment ? 'in the same execution environment' : 'in the same network segment'}, which might be easier to compromise by attackers`,
        asset: asset.id, breachProbability: 'improbable', breachAssets: [asset.id],
      }));
    }
    return risks;
  },
};
