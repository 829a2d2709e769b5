/**
 * Threagile's unchecked-deployment (issue #78): every development-relevant asset (a build pipeline,
 * a source repository) may ship what no scan checked; rated by what its deployments reach.
 */
import { hasAttribute, rank, type Impact, type ThreagileRisk } from './model';
import { byId, processesSensitive, risk, type RiskCategory } from './ruleKit';

export const uncheckedDeployment: RiskCategory = {
  id: 'unchecked-deployment',
  title: 'Unchecked Deployment',
  stride: 'tampering',
  cwe: 1127,
  mitigation: 'Scan in the pipeline before anything is deployed: the source (SAST), the dependencies, the container images, and optionally the running test system (DAST), and stop the deployment on a finding.',
  generate(index, options) {
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      if (!hasAttribute(asset, 'development_relevant')) continue;
      const deploys = [...(index.outgoing.get(asset.key) ?? [])].filter((link) => link.usage === 'devops').sort(byId);
      // Derived, only a workflow that deploys (the source repository appears only to hold a secret written in a file, a
      // workflow that deploys nothing ships nothing); the risk sits on its first deployment's line (the link is not Threagile's).
      // Derived, a workflow that scans what it ships (its scan step's line: derive.ts) is checked.
      if (options?.derived === true && (!hasAttribute(asset, 'build-pipeline') || deploys.length === 0 || deploys.every((link) => link.scanned === true))) continue;
      let impact: Impact = 'low';
      const breached = new Set([asset.id]);
      for (const link of deploys) {
        if (!link.dataSent.some((d) => rank.criticality(index.model.data.get(d)?.integrity ?? 'archive') >= rank.criticality('important'))) continue;
        const target = index.asset(link.target);
        breached.add(target?.id ?? link.target);
        if (target && processesSensitive(index, target)) impact = 'medium';
      }
      risks.push(risk(this.id, 'unlikely', impact, {
        syntheticId: `${this.id}@${asset.id}`, title: `Unchecked Deployment risk at ${asset.title}`, asset: asset.id, ...(options?.derived === true ? { link: deploys[0].id } : {}),
        breachProbability: 'possible', breachAssets: [...breached],
      }));
    }
    return risks;
  },
};
