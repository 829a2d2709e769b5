/**
 * Threagile's risk rules (issue #65), the ten the issue names, with Threagile's ids, STRIDE
 * categories, likelihood × impact and synthetic ids, ported as behaviour and checked against
 * Threagile's own rule tests (server/test/fixtures/threagile/rule-cases.json: same verdicts).
 * Run on any `ThreatModel`: derived from the system map or read from a `threagile.yaml`.
 */
import { ENCRYPTED_PROTOCOLS, hasAttribute, PROCESS_LOCAL_PROTOCOLS, rank, type CommunicationLink, type Impact, type TechnicalAsset, type ThreagileRisk } from './model';
import { processesSensitive, processesVerySensitive, risk, sensitivityScore, type RiskCategory } from './ruleKit';
import { defaultCredentials } from './defaultCredentials';
import { dosRiskyAccessAcrossTrustBoundary } from './dosRiskyAccessAcrossTrustBoundary';
import { missingBuildInfrastructure } from './missingBuildInfrastructure';
import { cloudHardening } from './cloudHardening';
import { missingHardening } from './missingHardening';
import { missingIdentityProviderIsolation } from './missingIdentityProviderIsolation';
import { missingIdentityStore } from './missingIdentityStore';
import { missingWaf } from './missingWaf';
import { mixedTargetsOnSharedRuntime } from './mixedTargetsOnSharedRuntime';
import { uncheckedDeployment } from './uncheckedDeployment';
import { unnecessaryCommunicationLink } from './unnecessaryCommunicationLink';
import { unnecessaryDataTransfer } from './unnecessaryDataTransfer';
import { untrustedDeserialization } from './untrustedDeserialization';
import { unverifiedTls } from './unverifiedTls';
import { wrongTrustBoundaryContent } from './wrongTrustBoundaryContent';

const C = (at: 'confidential' | 'strictly-confidential') => rank.confidentiality(at);
const I = (at: 'critical' | 'mission-critical') => rank.criticality(at);

const ownSensitive = (a: TechnicalAsset) => rank.confidentiality(a.confidentiality) >= C('confidential') || rank.criticality(a.integrity) >= I('critical');
const ownVerySensitive = (a: TechnicalAsset) => a.confidentiality === 'strictly-confidential' || a.integrity === 'mission-critical';
const byLinkId = (a: CommunicationLink, b: CommunicationLink) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const unguardedAccessFromInternet: RiskCategory = {
  id: 'unguarded-access-from-internet',
  title: 'Unguarded Access From Internet',
  stride: 'elevation-of-privilege',
  cwe: 501,
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const target of index.sortedAssets()) {
      if (target.outOfScope) continue;
      for (const link of [...(index.incoming.get(target.key) ?? [])].sort(byLinkId)) {
        if (hasAttribute(target, 'load-balancer') && !link.console) continue;
        const web = link.protocol === 'http' || link.protocol === 'https';
        const ftp = link.protocol === 'ftp' || link.protocol === 'ftps' || link.protocol === 'sftp';
        if (!target.customDevelopedParts && !link.console && ((hasAttribute(target, 'http_internet_access_ok') && web) || (hasAttribute(target, 'ftp_internet_access_ok') && ftp))) continue;
        const source = index.asset(link.source);
        if (!source || hasAttribute(source, 'monitoring') || link.vpn) continue;
        if (!ownSensitive(target) || !source.internet) continue;
        const impact = ownVerySensitive(target) || target.raa > 40 ? 'medium' : 'low';
        risks.push(risk(this.id, 'very-likely', impact, {
          syntheticId: `${this.id}@${target.id}@${source.id}@${link.id}`,
          title: `Unguarded Access from Internet of ${target.title} by ${source.title} via ${link.title}`,
          asset: target.id, link: link.id, breachProbability: 'possible', breachAssets: [target.id],
        }));
      }
    }
    return risks;
  },
};

const unencryptedCommunication: RiskCategory = {
  id: 'unencrypted-communication',
  title: 'Unencrypted Communication',
  stride: 'information-disclosure',
  cwe: 319,
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const source of index.sortedAssets()) {
      for (const link of index.outgoing.get(source.key) ?? []) {
        const target = index.asset(link.target);
        if (!target || (source.outOfScope && target.outOfScope)) continue;
        if (ENCRYPTED_PROTOCOLS.has(link.protocol) || PROCESS_LOCAL_PROTOCOLS.has(link.protocol)) continue;
        if (hasAttribute(source, 'unprotected_communications_tolerated') || hasAttribute(target, 'unprotected_communications_tolerated')) continue;
        const authentication = link.authentication !== 'none';
        let high: boolean | undefined;
        for (const key of [...link.dataSent, ...link.dataReceived].sort()) {
          const data = index.model.data.get(key);
          if (!data) continue;
          if (data.confidentiality === 'strictly-confidential' || data.integrity === 'mission-critical' || authentication) {
            high = true;
            break;
          }
          if (!link.vpn && (data.confidentiality === 'confidential' || data.integrity === 'critical')) {
            high = false;
            break;
          }
        }
        if (high === undefined) continue;
        let title = `Unencrypted Communication named ${link.title} between ${source.title} and ${target.title}`;
        // A session link into an application whose files show no login carries its users' requests, no authentication data.
        if (authentication && !link.noLogin) title += ' transferring authentication data (like credentials, token, session-id, etc.)';
        if (link.vpn) title += ' (even VPN-protected connections need to encrypt their data in-transit when confidentiality is rated strictly-confidential or integrity is rated mission-critical)';
        risks.push(risk(this.id, index.acrossNetworkBoundary(link) ? 'likely' : 'unlikely', high ? 'high' : 'medium', {
          syntheticId: `${this.id}@${link.id}@${source.id}@${target.id}`, title, asset: source.id, link: link.id, breachProbability: 'possible', breachAssets: [target.id],
        }));
      }
    }
    return risks;
  },
};

const unencryptedAsset: RiskCategory = {
  id: 'unencrypted-asset',
  title: 'Unencrypted Technical Assets',
  stride: 'information-disclosure',
  cwe: 311,
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope || hasAttribute(asset, 'no_storage_at_rest') || hasAttribute(asset, 'embedded_component')) continue;
      if (asset.dataStored.length === 0) continue;
      const confidentiality = index.storedConfidentiality(asset);
      const integrity = index.storedIntegrity(asset);
      if (rank.confidentiality(confidentiality) < C('confidential') || rank.criticality(integrity) < I('critical')) continue;
      const verySensitive = confidentiality === 'strictly-confidential' || integrity === 'mission-critical';
      const endUserKey = verySensitive && hasAttribute(asset, 'storing_end_user_data');
      const title = `Unencrypted Technical Asset named ${asset.title}${endUserKey ? ' missing end user individual encryption with data-with-end-user-individual-key' : ''}`;
      const fields = { syntheticId: `${this.id}@${asset.id}`, title, asset: asset.id, breachProbability: 'improbable' as const, breachAssets: [asset.id] };
      if (asset.encryption === 'none') risks.push(risk(this.id, 'unlikely', verySensitive ? 'high' : 'medium', fields));
      else if (endUserKey && asset.encryption !== 'data-with-end-user-individual-key') risks.push(risk(this.id, 'unlikely', 'medium', fields));
    }
    return risks;
  },
};

const missingAuthentication: RiskCategory = {
  id: 'missing-authentication',
  title: 'Missing Authentication',
  stride: 'elevation-of-privilege',
  cwe: 306,
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const target of index.sortedAssets()) {
      if (target.outOfScope) continue;
      if (!processesSensitive(index, target) && !target.multiTenant) continue;
      for (const link of index.incoming.get(target.key) ?? []) {
        // A metrics or health port (links.ts metricsPort, healthPorts.ts) gives nothing that asks a login.
        if ((hasAttribute(target, 'no_authentication_required') && !link.console) || link.metrics === true) continue;
        const caller = index.asset(link.source);
        if (!caller || hasAttribute(caller, 'unprotected_communications_tolerated') || caller.type === 'datastore') continue;
        if (link.authentication !== 'none' || PROCESS_LOCAL_PROTOCOLS.has(link.protocol)) continue;
        const c = index.linkConfidentiality(link);
        const i = index.linkIntegrity(link);
        const impact: Impact = c === 'strictly-confidential' || i === 'mission-critical' ? 'high' : rank.confidentiality(c) <= rank.confidentiality('internal') && i === 'operational' ? 'low' : 'medium';
        risks.push(risk(this.id, 'likely', impact, {
          syntheticId: `${this.id}@${link.id}@${caller.id}@${target.id}`,
          title: `Missing Authentication covering communication link ${link.title} from ${caller.title} to ${target.title}`,
          asset: target.id, link: link.id, breachProbability: 'possible', breachAssets: [target.id],
        }));
      }
    }
    return risks;
  },
};

const unguardedDirectDatastoreAccess: RiskCategory = {
  id: 'unguarded-direct-datastore-access',
  title: 'Unguarded Direct Datastore Access',
  stride: 'elevation-of-privilege',
  cwe: 501,
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const store of index.sortedAssets()) {
      if (store.outOfScope || store.type !== 'datastore') continue;
      for (const link of index.incoming.get(store.key) ?? []) {
        const caller = index.asset(link.source);
        if (!caller) continue;
        if (hasAttribute(store, 'identity_store') && hasAttribute(caller, 'identity-provider')) continue;
        if (!ownSensitive(store) || link.usage === 'devops') continue;
        const ftp = hasAttribute(store, 'file-server') && (link.protocol === 'ftp' || link.protocol === 'ftps' || link.protocol === 'sftp');
        if (!index.acrossNetworkBoundary(link) || ftp || index.sharingParentBoundary(store, caller)) continue;
        risks.push(risk(this.id, 'likely', ownVerySensitive(store) || store.raa > 40 ? 'medium' : 'low', {
          syntheticId: `${this.id}@${link.id}@${caller.id}@${store.id}`,
          title: `Unguarded Direct Datastore Access of ${store.title} by ${caller.title} via ${link.title}`,
          asset: store.id, link: link.id, breachProbability: 'improbable', breachAssets: [store.id],
        }));
      }
    }
    return risks;
  },
};

/**
 * Threagile (since its 2024 refactor) applies this rule only to assets carrying
 * `no_network_segmentation_required` — the opposite of its description; the port follows the
 * code its tests pin (docs/threats.md says so), and the derived model never sets that attribute on a
 * store, so it is the hand-written models that get Threagile's verdicts here.
 */
const missingNetworkSegmentation: RiskCategory = {
  id: 'missing-network-segmentation',
  title: 'Missing Network Segmentation',
  stride: 'elevation-of-privilege',
  cwe: 1008,
  generate(index, options) {
    const risks: ThreagileRisk[] = [];
    const assets = index.sortedAssets();
    for (const asset of assets) {
      if (asset.outOfScope || hasAttribute(asset, 'no_network_segmentation_required') === (options?.derived === true) || asset.raa < 50) continue;
      if (asset.type !== 'datastore' && rank.confidentiality(asset.confidentiality) < C('confidential') && rank.criticality(asset.integrity) < I('critical') && rank.criticality(asset.availability) < I('critical')) continue;
      for (const other of assets) {
        if (other.key === asset.key) continue;
        if (hasAttribute(other, 'less_protected_type') && index.sameNetworkBoundary(asset.key, other.key, options?.derived === true) && !index.directConnection(asset.key, other.key) && !hasAttribute(other, 'close_to_high_value_targets_tolerated')) {
          const high = asset.confidentiality === 'strictly-confidential' || asset.integrity === 'mission-critical' || asset.availability === 'mission-critical';
          risks.push(risk(this.id, 'unlikely', high ? 'medium' : 'low', {
            syntheticId: `${this.id}@${asset.id}`,
            title: `Missing Network Segmentation to further encapsulate and protect ${asset.title} against unrelated lower protected assets in the same network segment, which might be easier to compromise by attackers`,
            asset: asset.id, breachProbability: 'improbable', breachAssets: [asset.id],
          }));
          break;
        }
      }
    }
    return risks;
  },
};

const missingVault: RiskCategory = {
  id: 'missing-vault',
  title: 'Missing Vault (Secret Storage)',
  stride: 'information-disclosure',
  cwe: 522,
  generate(index) {
    let example: TechnicalAsset | undefined;
    let impact: Impact = 'low';
    for (const asset of index.sortedAssets()) {
      if (hasAttribute(asset, 'vault')) return [];
      if (processesSensitive(index, asset) || ownSensitive(asset) || rank.criticality(asset.availability) >= I('critical')) impact = 'medium';
      if (!example || sensitivityScore(asset) > sensitivityScore(example)) example = asset;
    }
    const id = example ? example.id : 'no-components';
    return [risk(this.id, 'unlikely', impact, {
      syntheticId: `${this.id}@${id}`,
      title: `Missing Vault (Secret Storage) in the threat model${example ? ` (referencing asset ${example.title} as an example)` : ''}`,
      asset: id, breachProbability: 'improbable', breachAssets: [],
    })];
  },
};

const accidentalSecretLeak: RiskCategory = {
  id: 'accidental-secret-leak',
  title: 'Accidental Secret Leak',
  stride: 'information-disclosure',
  cwe: 200,
  generate(index) {
    const risks: ThreagileRisk[] = [];
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope || !hasAttribute(asset, 'may_contain_secrets')) continue;
      const git = asset.tags.some((tag) => tag.trim().toLowerCase() === 'git');
      const impact: Impact = processesVerySensitive(index, asset) ? 'high' : processesSensitive(index, asset) ? 'medium' : 'low';
      risks.push(risk(this.id, 'unlikely', impact, {
        syntheticId: `${this.id}@${asset.id}`,
        title: git ? `Accidental Secret Leak (Git) risk at ${asset.title}: Git Leak Prevention` : `Accidental Secret Leak risk at ${asset.title}`,
        asset: asset.id, breachProbability: 'probable', breachAssets: [asset.id],
      }));
    }
    return risks;
  },
};

const containerPlatformEscape: RiskCategory = {
  id: 'container-platform-escape',
  title: 'Container Platform Escape',
  stride: 'elevation-of-privilege',
  cwe: 1008,
  generate(index) {
    const risks: ThreagileRisk[] = [];
    const containers = [...index.model.assets.entries()].filter(([, a]) => a.machine === 'container').map(([key]) => key).sort();
    for (const asset of index.sortedAssets()) {
      if (asset.outOfScope || !hasAttribute(asset, 'container-platform')) continue;
      risks.push(risk(this.id, 'unlikely', processesVerySensitive(index, asset) ? 'high' : 'medium', {
        syntheticId: `${this.id}@${asset.id}`, title: `Container Platform Escape risk at ${asset.title}`, asset: asset.id, breachProbability: 'probable', breachAssets: containers,
      }));
    }
    return risks;
  },
};

const pushInsteadOfPullDeployment: RiskCategory = {
  id: 'push-instead-of-pull-deployment',
  title: 'Push instead of Pull Deployment',
  stride: 'tampering',
  cwe: 1127,
  generate(index) {
    const risks: ThreagileRisk[] = [];
    // Threagile carries the impact from one link to the next (never reset); the order here is the assets' keys.
    let impact: Impact = 'low';
    for (const pipeline of index.sortedAssets()) {
      if (!hasAttribute(pipeline, 'build-pipeline')) continue;
      for (const link of index.outgoing.get(pipeline.key) ?? []) {
        const target = index.asset(link.target);
        if (!target || link.readonly || link.usage !== 'devops' || target.outOfScope) continue;
        if (hasAttribute(target, 'development_relevant') || target.usage === 'devops') continue;
        if (processesSensitive(index, target)) impact = 'medium';
        risks.push(risk(this.id, 'unlikely', impact, {
          syntheticId: `${this.id}@${pipeline.id}`,
          title: `Push instead of Pull Deployment at ${target.title} via build pipeline asset ${pipeline.title}`,
          asset: target.id, link: link.id, breachProbability: 'improbable', breachAssets: [target.id],
        }));
      }
    }
    return risks;
  },
};

export const riskCategories: readonly RiskCategory[] = [
  unguardedAccessFromInternet,
  unencryptedCommunication,
  unencryptedAsset,
  missingAuthentication,
  unguardedDirectDatastoreAccess,
  missingNetworkSegmentation,
  missingVault,
  accidentalSecretLeak,
  containerPlatformEscape,
  pushInsteadOfPullDeployment,
  // Issue #78: one file each.
  missingWaf,
  missingHardening,
  uncheckedDeployment,
  missingBuildInfrastructure,
  mixedTargetsOnSharedRuntime,
  unnecessaryCommunicationLink,
  unnecessaryDataTransfer,
  dosRiskyAccessAcrossTrustBoundary,
  missingIdentityProviderIsolation,
  missingIdentityStore,
  wrongTrustBoundaryContent,
  untrustedDeserialization,
];

/** Archipel's own rules (issue #95), none of Threagile's 42: run on a derived model and on a hand-written one beside them. */
export const ownCategories: readonly RiskCategory[] = [defaultCredentials, unverifiedTls, cloudHardening];

/** Every rule a model is judged by: Threagile's, then Archipel's own. */
export const allCategories: readonly RiskCategory[] = [...riskCategories, ...ownCategories];
