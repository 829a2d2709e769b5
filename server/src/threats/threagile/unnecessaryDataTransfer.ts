/**
 * Threagile's unnecessary-data-transfer (issue #78): an asset sends or receives a sensitive data asset
 * (confidential or critical) that it neither processes nor stores.
 */
import { byId, risk, type RiskCategory } from './ruleKit';
import { hasAttribute, rank, type CommunicationLink, type TechnicalAsset, type ThreagileRisk } from './model';

export const unnecessaryDataTransfer: RiskCategory = {
  id: 'unnecessary-data-transfer',
  title: 'Unnecessary Data Transfer',
  stride: 'elevation-of-privilege',
  cwe: 1008,
  mitigation: 'Send a component only the data it processes or stores: cut the sensitive data it merely passes on out of its links.',
  generate(index, options) {
    // A derived link carries all its target holds (the files do not say which part): what a caller does not need cannot be told.
    if (options?.derived === true) return [];
    const risks: ThreagileRisk[] = [];
    const seen = new Set<string>();
    const check = (asset: TechnicalAsset, link: CommunicationLink, partnerKey: string) => {
      for (const key of [...link.dataSent, ...link.dataReceived]) {
        if (asset.dataProcessed.includes(key) || asset.dataStored.includes(key)) continue;
        const data = index.model.data.get(key);
        if (!data || (rank.confidentiality(data.confidentiality) < rank.confidentiality('confidential') && rank.criticality(data.integrity) < rank.criticality('critical'))) continue;
        const partner = index.asset(partnerKey);
        const syntheticId = `${this.id}@${data.id}@${asset.id}@${partner?.id ?? ''}`;
        if (seen.has(syntheticId)) continue;
        seen.add(syntheticId);
        risks.push(risk(this.id, 'unlikely', data.confidentiality === 'strictly-confidential' || data.integrity === 'mission-critical' ? 'medium' : 'low', {
          syntheticId, title: `Unnecessary Data Transfer of ${data.title} data at ${asset.title} from/to ${partner?.title ?? ''}`, asset: asset.id, breachProbability: 'improbable', breachAssets: [asset.id],
        }));
      }
    };
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope) continue;
      for (const link of index.outgoing.get(asset.key) ?? []) if (!hasAttribute(index.asset(link.target), 'unnecessary_data_tolerated')) check(asset, link, link.target);
      for (const link of [...(index.incoming.get(asset.key) ?? [])].sort(byId)) if (!hasAttribute(index.asset(link.source), 'unnecessary_data_tolerated')) check(asset, link, link.source);
    }
    return risks;
  },
};
