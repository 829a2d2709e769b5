/** Threats (issue #65): the security model derived from the system map, Threagile's risk rules on it, the risk register's treatment; `archipel threats`. */
import { threatsUsage } from '../cli/threatsUsage';
import { prepareContributors } from '../features/system/contributor';
import { decidedEntries } from '../system/entries';
import { systemModel } from '../system/model';
import { threatsFeature } from '../threats/feature';
import { frThreats } from '../threats/fr';
import { threatRules } from '../threats/rules';
import { loadThreagileData } from '../threats/host';
import { threagileFeature } from '../threats/threagileFile';
import type { ThreatsHost } from '../threats/workspace';
import { defaultSettings } from '../settings';
import { systemContributors, type Family, type FamilyHost } from './descriptor';

/** The map the threats read: the system family's model, and its verdict on each entry point. */
function threatsHost(host: FamilyHost): ThreatsHost {
  const contributions = systemContributors(host.families);
  return {
    mapOf: (index) => systemModel(index, contributions),
    entryRoles: (index) => {
      const roles = new Map(decidedEntries(systemModel(index, contributions)).map((d) => [d.entry, d.role]));
      return (entry) => roles.get(entry);
    },
    prepare: (index) => prepareContributors(contributions, index),
  };
}

export const threatsFamily: Family = {
  id: 'threats',
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
      async run(_name, args, { out, err, host, files }) {
        // Loaded on run: the derivation, the rules, the export.
        const { threatsCommand } = await import('../cli/threats.js');
        return threatsCommand(args, { out, err, settings: defaultSettings, files: files(defaultSettings), system: systemContributors(host.families), host: threatsHost(host), root: host.root });
      },
    },
  ],
};
