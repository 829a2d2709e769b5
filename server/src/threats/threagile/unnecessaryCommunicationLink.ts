/** Threagile's unnecessary-communication-link (issue #78): a link that sends and receives no data asset. */
import type { ThreagileRisk } from './model';
import { risk, type RiskCategory } from './ruleKit';

export const unnecessaryCommunicationLink: RiskCategory = {
  id: 'unnecessary-communication-link',
  title: 'Unnecessary Communication Link',
  stride: 'elevation-of-privilege',
  cwe: 1008,
  mitigation: 'Remove a link that carries no data, or say in the model what it carries.',
  generate(index, options) {
    // A derived link is there because a file makes the call; what it carries is what its target holds, never "nothing".
    if (options?.derived === true) return [];
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      for (const link of index.outgoing.get(asset.key) ?? []) {
        if (link.dataSent.length > 0 || link.dataReceived.length > 0) continue;
        if (asset.outOfScope && index.asset(link.target)?.outOfScope === true) continue;
        risks.push(risk(this.id, 'unlikely', 'low', {
          syntheticId: `${this.id}@${link.id}@${asset.id}`, title: `Unnecessary Communication Link titled ${link.title} at technical asset ${asset.title}`,
          asset: asset.id, link: link.id, breachProbability: 'improbable', breachAssets: [asset.id],
        }));
      }
    }
    return risks;
  },
};
