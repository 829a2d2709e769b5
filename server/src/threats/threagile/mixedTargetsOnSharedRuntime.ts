/**
 * Threagile's mixed-targets-on-shared-runtime (issue #78): a shared runtime (a host, a cluster, a VM)
 * running assets of different trust boundaries, or frontend and backend assets together.
 */
import { hasAttribute, type SharedRuntime, type TechnicalAsset, type ThreagileRisk } from './model';
import { risk, type RiskCategory } from './ruleKit';

const verySensitive = (a: TechnicalAsset | undefined) => a !== undefined && (a.confidentiality === 'strictly-confidential' || a.integrity === 'mission-critical' || a.availability === 'mission-critical');

export const mixedTargetsOnSharedRuntime: RiskCategory = {
  id: 'mixed-targets-on-shared-runtime',
  title: 'Mixed Targets on Shared Runtime',
  stride: 'elevation-of-privilege',
  cwe: 1008,
  mitigation: 'Run components of different trust boundaries, and frontend beside backend components, on separate runtimes (separate nodes or node pools, hosts, accounts), or isolate them strongly on the shared one.',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    const runtimes = [...(index.model.sharedRuntimes ?? new Map<string, SharedRuntime>()).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Threagile's GetTechnicalAssetTrustBoundaryId: the first boundary listing the asset's id, '' for none.
    const boundaryId = (asset: TechnicalAsset | undefined) => [...index.model.boundaries.values()].find((b) => asset !== undefined && b.assetsInside.includes(asset.id))?.id ?? '';
    for (const [, runtime] of runtimes) {
      let current = '';
      let frontend = false;
      let backend = false;
      let mixed = false;
      for (const key of runtime.assetsRunning) {
        const asset = index.asset(key);
        if (current.length > 0 && current !== boundaryId(asset)) {
          mixed = true;
          break;
        }
        current = boundaryId(asset);
        frontend ||= hasAttribute(asset, 'frontend_related');
        backend ||= hasAttribute(asset, 'backend_related');
      }
      if (!mixed && !(frontend && backend)) continue;
      risks.push(risk(this.id, 'unlikely', runtime.assetsRunning.some((key) => verySensitive(index.asset(key))) ? 'medium' : 'low', {
        syntheticId: `${this.id}@${runtime.id}`,
        title: `Mixed Targets on Shared Runtime named ${runtime.title} might enable attackers moving from one less valuable target to a more valuable one`,
        asset: runtime.id, breachProbability: 'improbable', breachAssets: [...runtime.assetsRunning],
      }));
    }
    return risks;
  },
};
