/**
 * Threagile's missing-waf (issue #78): an in-scope web application or web service reached over a web
 * protocol across a network trust boundary by a caller that is no web application firewall.
 */
import { hasAttribute, type ThreagileRisk } from './model';
import { byId, processesVerySensitive, risk, type RiskCategory } from './ruleKit';

/** Threagile's IsPotentialWebAccessProtocol. */
const WEB_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'https', 'ws', 'wss', 'reverse-proxy-web-protocol', 'reverse-proxy-web-protocol-encrypted']);

export const missingWaf: RiskCategory = {
  id: 'missing-waf',
  title: 'Missing Web Application Firewall (WAF)',
  stride: 'tampering',
  cwe: 1008,
  mitigation: 'Put a web application firewall in front of the web applications and services reached from another network (a cloud provider\'s WAF, ModSecurity on the reverse proxy or ingress) as a first filter and an alarm; the components stay secure on their own.',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope || (!hasAttribute(asset, 'web-application') && !hasAttribute(asset, 'web_service'))) continue;
      // The link is not Threagile's (its risk names none): it places the risk on the lines that open the way in. A metrics
      // port (jaeger-collector's 14269) is no web application's way in.
      const unfiltered = [...(index.incoming.get(asset.key) ?? [])].sort(byId).find((link) => index.acrossNetworkBoundary(link) && WEB_PROTOCOLS.has(link.protocol) && !hasAttribute(index.asset(link.source), 'waf') && link.waf !== true && link.metrics !== true);
      if (!unfiltered) continue;
      risks.push(risk(this.id, 'unlikely', processesVerySensitive(index, asset) ? 'medium' : 'low', {
        syntheticId: `${this.id}@${asset.id}`, title: `Missing Web Application Firewall (WAF) risk at ${asset.title}`, asset: asset.id, link: unfiltered.id, breachProbability: 'improbable', breachAssets: [asset.id],
      }));
    }
    return risks;
  },
};
