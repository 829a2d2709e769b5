/**
 * Cloud hardening (Archipel's own, issue #95, after Threagile's missing-cloud-hardening): Threagile asks every asset tagged
 * with a cloud provider to be hardened by the provider's benchmark (not ported: its verdicts on a hand-written model are
 * its own); a derived model knows more — the Terraform settings that leave a
 * resource open (../cloudHardening.ts) — and raises the risk only on the assets that have one, each gap a tag
 * (`cloud-hardening:admin-port-open`) and its lines the risk's place. A gap anyone on the Internet can use (an admin port
 * or a database open to every address, a public control plane, public blobs) is likely, an unencrypted database
 * unlikely. Rated by what the asset holds, as Threagile rates it.
 */
import type { SystemSource } from '../../features/system/contributor';
import type { HardeningFinding, HardeningGap } from '../cloudHardening';
import type { TechnicalAsset, ThreagileRisk } from './model';
import { technology } from './technologies';
import { processesSensitive, processesVerySensitive, risk, type RiskCategory } from './ruleKit';

const TAG = 'cloud-hardening:';

/** Each gap in words, in the order a title lists them. */
const WORDS: Record<HardeningGap, string> = {
  'admin-port-open': 'an administration or database port open to any address',
  'database-public': 'a database publicly accessible',
  'database-unencrypted': 'a database without encryption at rest',
  'control-plane-public': 'a cluster control plane public without CIDR restriction',
  'blob-public-access': 'public blob access allowed',
};

const REACHABLE: ReadonlySet<HardeningGap> = new Set(['admin-port-open', 'database-public', 'control-plane-public', 'blob-public-access']);

/** The asset a resource the map draws no component for is (a security group, a firewall rule, a cluster): virtual, internal. */
function hardeningAsset(title: string): Pick<TechnicalAsset, 'title' | 'technologies' | 'machine' | 'confidentiality'> {
  return { title, technologies: [technology('unknown-technology')], machine: 'virtual', confidentiality: 'internal' };
}

/**
 * Tags each asset with its gaps (scan.ts's hardening, by component or resource), the lines of every gap its risk's place
 * (`<asset>@missing-cloud-hardening`); a resource the map draws no component for (a security group, a firewall rule) is
 * first made an asset of its own (`add`, derive.ts's), so that its risk has a place.
 */
export function tagHardening(
  hardening: ReadonlyMap<string, { title: string; findings: HardeningFinding[] }>, assetOf: (id: string) => TechnicalAsset | undefined,
  add: (id: string, fields: ReturnType<typeof hardeningAsset>, sources: readonly SystemSource[]) => void, places: Map<string, SystemSource[]>,
): void {
  for (const [id, { title, findings }] of hardening) {
    if (!assetOf(id)) add(id, hardeningAsset(title), findings.map((f) => f.source));
    const asset = assetOf(id);
    if (!asset) continue;
    const gaps = [...new Set(findings.map((f) => f.gap))];
    asset.tags = [...asset.tags, ...gaps.map((gap) => `${TAG}${gap}`)];
    places.set(`${asset.key}@${cloudHardening.id}`, findings.map((f) => f.source));
  }
}

export const cloudHardening: RiskCategory = {
  id: 'cloud-hardening',
  title: 'Cloud Hardening',
  stride: 'tampering',
  cwe: 1008,
  mitigation: 'Close what the settings open: admin and database ports to known ranges or a bastion, databases private and encrypted, the cluster API to authorised networks, blobs private (CIS benchmarks of the cloud provider).',
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      const gaps = (Object.keys(WORDS) as HardeningGap[]).filter((gap) => asset.tags.includes(`${TAG}${gap}`));
      if (gaps.length === 0) continue;
      const reachable = gaps.some((gap) => REACHABLE.has(gap));
      const impact = processesVerySensitive(index, asset) ? 'high' : processesSensitive(index, asset) || reachable ? 'medium' : 'low';
      risks.push(risk(this.id, reachable ? 'likely' : 'unlikely', impact, {
        syntheticId: `${this.id}@${asset.id}`, title: `Cloud Hardening at ${asset.title}: ${gaps.map((gap) => WORDS[gap]).join(', ')}`, asset: asset.id,
        breachProbability: reachable ? 'probable' : 'improbable', breachAssets: [asset.id],
      }));
    }
    return risks;
  },
};
