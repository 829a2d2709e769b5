/**
 * Threagile's missing-identity-store (issue #78): links propagate the end user's identity and no
 * in-scope identity store is modelled.
 */
import { hasAttribute, type Impact, type TechnicalAsset } from './model';
import { byTitle, ownRatingsSensitive, processesSensitive, risk, sensitivityScore, type RiskCategory } from './ruleKit';

export const missingIdentityStore: RiskCategory = {
  id: 'missing-identity-store',
  title: 'Missing Identity Store',
  stride: 'spoofing',
  cwe: 287,
  mitigation: 'Model the identity store the end users\' identities come from (an LDAP directory, an identity database, an identity provider\'s store) so that its risks are seen.',
  generate(index) {
    const assets = index.sortedAssets();
    if (assets.some((a) => !a.outOfScope && hasAttribute(a, 'identity_store'))) return [];
    let example: TechnicalAsset | undefined;
    let impact: Impact = 'low';
    for (const asset of assets) {
      for (const link of [...(index.outgoing.get(asset.key) ?? [])].sort(byTitle)) {
        if (link.authorization !== 'end-user-identity-propagation') continue;
        const target = index.asset(link.target);
        if (!target) continue;
        if (impact === 'low') {
          example = target;
          if (processesSensitive(index, target)) impact = 'medium';
        }
        if (ownRatingsSensitive(target)) impact = 'medium';
        if (sensitivityScore(asset) > sensitivityScore(example!)) example = asset;
      }
    }
    if (!example) return [];
    return [risk(this.id, 'unlikely', impact, {
      syntheticId: `${this.id}@${example.id}`, title: `Missing Identity Store in the threat model (referencing asset ${example.title} as an example)`, asset: example.id, breachProbability: 'improbable', breachAssets: [],
    })];
  },
};
