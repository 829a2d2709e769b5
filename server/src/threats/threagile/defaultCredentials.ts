/**
 * Default credentials (issue #95): a product left with the user and password its documentation publishes (Grafana's
 * admin/admin, RabbitMQ's guest/guest, MinIO's minioadmin, Keycloak's admin/admin, mongo-express's admin/pass) lets in
 * whoever reaches it, whatever else guards the way. Archipel's own rule, not one of Threagile's (CWE-1392); derived,
 * an asset carries the tag when its settings write the well-known credentials, or leave the product's when it is
 * published (consoles.ts). Rated by what the asset holds, and more likely when the Internet reaches it.
 */
import type { Impact, ThreagileRisk } from './model';
import { processesSensitive, processesVerySensitive, risk, type RiskCategory } from './ruleKit';

export const DEFAULT_CREDENTIALS_TAG = 'default-credentials';

export const defaultCredentials: RiskCategory = {
  id: 'default-credentials',
  title: 'Default Credentials',
  stride: 'spoofing',
  cwe: 1392,
  mitigation: 'Set a password of its own (from a Secret or a vault, not the product\'s published default) before it is reachable, or put a login in front.',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope || !asset.tags.includes(DEFAULT_CREDENTIALS_TAG)) continue;
      const reached = [...(index.incoming.get(asset.key) ?? [])].some((link) => index.asset(link.source)?.internet === true);
      const impact: Impact = processesVerySensitive(index, asset) ? 'high' : processesSensitive(index, asset) ? 'medium' : 'low';
      risks.push(risk(this.id, reached ? 'very-likely' : 'likely', impact, {
        syntheticId: `${this.id}@${asset.id}`, title: `Default Credentials at ${asset.title}`, asset: asset.id,
        breachProbability: reached ? 'probable' : 'possible', breachAssets: [asset.id],
      }));
    }
    return risks;
  },
};

