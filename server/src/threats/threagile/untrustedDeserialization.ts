/**
 * Threagile's untrusted-deserialization (issue #78): an asset that accepts serialized objects — its
 * accepted data formats say `serialization`, it is an EJB container, or a link reaches it over
 * IIOP or JRMP (Java's object protocols; across a network boundary, more likely).
 */
import { hasAttribute, type ThreagileRisk } from './model';
import { processesVerySensitive, risk, type RiskCategory } from './ruleKit';

const OBJECT_PROTOCOLS: ReadonlySet<string> = new Set(['iiop', 'iiop-encrypted', 'jrmp', 'jrmp-encrypted']);

export const untrustedDeserialization: RiskCategory = {
  id: 'untrusted-deserialization',
  title: 'Untrusted Deserialization',
  stride: 'tampering',
  cwe: 502,
  mitigation: 'Do not deserialize objects from callers you do not trust: exchange plain data (JSON, protobuf) instead of Java serialization, IIOP or JRMP, or filter the classes allowed and sign the serialized data.',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope) continue;
      let accepts = (asset.dataFormatsAccepted ?? []).includes('serialization') || hasAttribute(asset, 'ejb');
      let across: string | undefined;
      for (const link of index.incoming.get(asset.key) ?? []) {
        if (!OBJECT_PROTOCOLS.has(link.protocol)) continue;
        accepts = true;
        if (index.acrossNetworkBoundary(link)) across = link.title;
      }
      if (!accepts) continue;
      risks.push(risk(this.id, across === undefined ? 'likely' : 'very-likely', processesVerySensitive(index, asset) ? 'very-high' : 'high', {
        syntheticId: `${this.id}@${asset.id}`,
        title: `Untrusted Deserialization risk at ${asset.title}${across === undefined ? '' : ` across a trust boundary (at least via communication link ${across})`}`,
        asset: asset.id, breachProbability: 'probable', breachAssets: [asset.id],
      }));
    }
    return risks;
  },
};
