/**
 * Threagile's dos-risky-access-across-trust-boundary (issue #78): a load balancer, or an asset of
 * critical availability, reached across a network trust boundary (through a traffic forwarder: by
 * the forwarder's callers).
 */
import { hasAttribute, PROCESS_LOCAL_PROTOCOLS, rank, type CommunicationLink, type TechnicalAsset, type ThreagileRisk } from './model';
import { risk, type RiskCategory } from './ruleKit';

export const dosRiskyAccessAcrossTrustBoundary: RiskCategory = {
  id: 'dos-risky-access-across-trust-boundary',
  title: 'DoS-risky Access Across Trust-Boundary',
  stride: 'denial-of-service',
  cwe: 400,
  mitigation: 'Protect the component from overload coming from the other side of the boundary: rate limits and quotas, a DoS-protection service or WAF in front, several replicas behind a load balancer, and a VPN or IP allow-list where callers are known.',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    const add = (asset: TechnicalAsset, link: CommunicationLink, forwardedVia?: { link: string; title: string }) => {
      if (!index.acrossNetworkBoundary(link) || link.usage === 'devops' || PROCESS_LOCAL_PROTOCOLS.has(link.protocol)) return;
      const caller = index.asset(link.source);
      const moreRisky = asset.availability === 'mission-critical' && !link.vpn && link.ipFiltered !== true && asset.redundant !== true;
      let syntheticId = `${this.id}@${asset.id}@${caller?.id ?? ''}@${link.id}`;
      if (link.id !== (forwardedVia?.link ?? '')) syntheticId += `->${forwardedVia?.link ?? ''}`;
      risks.push(risk(this.id, 'unlikely', moreRisky ? 'medium' : 'low', {
        syntheticId, title: `Denial-of-Service risky access of ${asset.title} by ${caller?.title ?? ''} via ${link.title}${forwardedVia?.title ? ` forwarded via ${forwardedVia.title}` : ''}`,
        asset: asset.id, link: link.id, breachProbability: 'improbable', breachAssets: [],
      }));
    };
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope || (!hasAttribute(asset, 'load-balancer') && rank.criticality(asset.availability) < rank.criticality('critical'))) continue;
      for (const link of index.incoming.get(asset.key) ?? []) {
        const source = index.asset(link.source);
        if (hasAttribute(source, 'traffic_forwarding')) for (const callerLink of index.incoming.get(link.source) ?? []) add(asset, callerLink, { link: link.id, title: source!.title });
        else add(asset, link);
      }
    }
    return risks;
  },
};
