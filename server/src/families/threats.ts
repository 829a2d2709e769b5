/** Threats (issue #65): the security model derived from the system map, Threagile's risk rules on it, the risk register's treatment; `archipel threats`. */
import { readSideTextQuietly } from '../disk/readText';
import { threatsOwn } from '../threats/files';
import { threatsUsage } from '../cli/threatsUsage';
import { prepareContributors } from '../features/system/contributor';
import { componentsOf } from '../system/components';
import { decidedEntries } from '../system/entries';
import { systemModel } from '../system/model';
import { threatsFeature } from '../threats/feature';
import { frThreats } from '../threats/fr';
import { threatRules } from '../threats/rules';
import { loadThreagileData } from '../threats/host';
import { threagileFeature } from '../threats/threagileFile';
import { securityViewRequests } from '../threats/register';
import type { ThreatsHost } from '../threats/workspace';
import { defaultSettings } from '../settings';
import { systemContributors, type Family, type FamilyHost } from './descriptor';

/** The map the threats read: the system family's model, and its verdict on each entry point (also `archipel diff`'s, families/diagrams.ts). */
export function threatsHost(host: FamilyHost): ThreatsHost {
  const contributions = systemContributors(host.families);
  return {
    mapOf: (index) => systemModel(index, contributions),
    entryRoles: (index) => {
      const roles = new Map(decidedEntries(systemModel(index, contributions)).map((d) => [d.entry, d.role]));
      return (entry) => roles.get(entry);
    },
    logicalOf: (index) => {
      const components = componentsOf(systemModel(index, contributions));
      return (id) => components.of.get(id)?.id;
    },
    prepare: (index) => prepareContributors(contributions, index),
    sideText: (file) => readSideTextQuietly(file),
  };
}

export const threatsFamily: Family = {
  id: 'threats',
  own: threatsOwn,
  title: 'Threats (security model, Threagile rules)',
  french: frThreats,
  // The derived model's risks where the workspace asks for them (docs/threats.md), and a hand-written threagile.yaml.
  features: (host) => [threatsFeature(threatsHost(host)), threagileFeature(() => loadThreagileData(host.root))],
  // `threat-<rule>` on the deploy files and a hand-written model, `threat-threagile-*` on the latter; also archipel threats's JSON and SARIF `rule`.
  rules: { prefixes: ['threat-'], ids: Object.values(threatRules).map((rule) => rule.id) },
  commands: [
    {
      names: ['threats'],
      usage: threatsUsage,
      async run(_name, args, { out, err, host, files, ledger }) {
        // Loaded on run: the derivation, the rules, the export.
        const { threatsCommand } = await import('../cli/threats.js');
        return threatsCommand(args, { out, err, settings: defaultSettings, files: files(defaultSettings), system: systemContributors(host.families), host: threatsHost(host), root: host.root, ledger });
      },
    },
  ],
  // `archipel/securityView`: the System Map's Security view and the risk dashboard's threat matrix.
  requests: (registry, host) => securityViewRequests(registry, threatsHost(host)),
  // The Security view's command (the System Map panel's module) and its step of the walkthrough.
  client: {
    module: 'system',
    commands: [{ id: 'archipel.showSecurityView', title: { en: 'Show the Security View of the System Map', fr: 'Afficher la vue Sécurité de la carte du système' }, icon: '$(shield)' }],
    walkthrough: [
      {
        id: 'showSecurityView',
        order: 6.7,
        title: { en: 'See the security architecture', fr: "Voir l'architecture de sécurité" },
        description: {
          en: 'The same map seen as an attacker would: the trust boundaries (the Internet, the Compose project, the cluster and its namespace, the cloud subnet), the entry points, the stores coloured by what they hold, the plaintext links in red, and the risks Threagile\'s rules find in the deploy files. The risks are listed right of the map, below it at half width: click a risk to light its attack path.\n[Show the Security view](command:archipel.showSecurityView)',
          fr: "La même carte vue par un attaquant : les frontières de confiance (Internet, le projet Compose, le cluster et son espace de noms, le sous-réseau cloud), les points d'entrée, les stockages colorés selon ce qu'ils contiennent, les liens en clair en rouge, et les risques que les règles de Threagile trouvent dans les fichiers de déploiement. Les risques sont listés à droite de la carte, sous elle à mi-largeur : cliquez un risque pour éclairer son chemin d'attaque.\n[Afficher la vue Sécurité](command:archipel.showSecurityView)",
        },
        media: { markdown: 'media/walkthrough/security.md' },
        completionEvents: ['onContext:archipel.walkthrough.securityShown'],
      },
    ],
  },
};
