/**
 * TLS without server authentication (issue #95): a call encrypted to whoever answers — libpq's `sslmode=require`,
 * `insecureSkipVerify`, `verify=False`, `tlsAllowInvalidCertificates` — is read by anyone on the path who presents a
 * certificate of their own (CWE-295). Archipel's own rule, not one of Threagile's (whose unencrypted-communication
 * sees the protocol only); derived, the link carries the fact with the line that says it (links.ts).
 */
import { rank, type Impact, type ThreagileRisk } from './model';
import { byId, risk, type RiskCategory } from './ruleKit';

export const unverifiedTls: RiskCategory = {
  id: 'tls-without-server-authentication',
  title: 'TLS Without Server Authentication',
  stride: 'spoofing',
  cwe: 295,
  mitigation: 'Verify the server\'s certificate: `sslmode=verify-full` with the CA\'s certificate, no `insecureSkipVerify`, `verify=False` or `tlsAllowInvalidCertificates`; give the client the CA that signs the server.',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const link of [...index.model.links].sort(byId)) {
      if (link.unverifiedTls !== true) continue;
      const source = index.asset(link.source);
      const target = index.asset(link.target);
      if (!source || !target || (source.outOfScope && target.outOfScope)) continue;
      const carried = [...link.dataSent, ...link.dataReceived].map((d) => index.model.data.get(d)).filter((d) => d !== undefined);
      const strict = carried.some((d) => d.confidentiality === 'strictly-confidential' || d.integrity === 'mission-critical');
      const sensitive = strict || link.authentication !== 'none' || carried.some((d) => rank.confidentiality(d.confidentiality) >= rank.confidentiality('confidential') || rank.criticality(d.integrity) >= rank.criticality('critical'));
      const impact: Impact = strict ? 'high' : sensitive ? 'medium' : 'low';
      risks.push(risk(this.id, 'unlikely', impact, {
        syntheticId: `${this.id}@${source.id}@${target.id}@${link.id}`, title: `TLS Without Server Authentication from ${source.title} to ${target.title}`,
        asset: target.id, link: link.id, breachProbability: 'possible', breachAssets: [target.id],
      }));
    }
    return risks;
  },
};
