/**
 * Threagile's wrong-trust-boundary-content (issue #78): a boundary of type
 * network-policy-namespace-isolation (a Kubernetes namespace walled by NetworkPolicies) holding an
 * asset that is neither a container nor serverless.
 */
import type { ThreagileRisk } from './model';
import { risk, type RiskCategory } from './ruleKit';

export const wrongTrustBoundaryContent: RiskCategory = {
  id: 'wrong-trust-boundary-content',
  title: 'Wrong Trust Boundary Content',
  stride: 'elevation-of-privilege',
  cwe: 1008,
  mitigation: 'A NetworkPolicy walls in pods only: move the component that is no container (a VM, a managed service) out of the namespace\'s boundary, or wall it off with a boundary of its own kind (a security group, a network).',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const boundary of index.model.boundaries.values()) {
      if (boundary.type !== 'network-policy-namespace-isolation') continue;
      for (const id of boundary.assetsInside) {
        const asset = index.asset(id) ?? [...index.model.assets.values()].find((a) => a.id === id);
        if (asset === undefined || asset.machine === 'container' || asset.machine === 'serverless') continue;
        risks.push(risk(this.id, 'unlikely', 'low', {
          syntheticId: `${this.id}@${asset.id}`, title: `Wrong Trust Boundary Content (non-container asset inside container trust boundary) at ${asset.title}`, asset: asset.id, breachProbability: 'improbable', breachAssets: [asset.id],
        }));
      }
    }
    return risks;
  },
};
