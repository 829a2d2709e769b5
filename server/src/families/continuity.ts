/** Continuity and resilience (issue #97): single points of failure, backups and recovery objectives derived from the system map; `archipel continuity`. */
import { continuityOwn } from '../continuity/files';
import { continuityUsage } from '../cli/continuityUsage';
import { continuityFeature } from '../continuity/feature';
import { frContinuity } from '../continuity/fr';
import { continuityRequests } from '../continuity/register';
import type { ContinuityHost } from '../continuity/analysis';
import { prepareContributors } from '../features/system/contributor';
import { componentsOf } from '../system/components';
import { systemModel } from '../system/model';
import { defaultSettings } from '../settings';
import { readSideText } from '../disk/readText';
import { textOf } from '../common/sideFile';
import { fileURLToPath } from 'node:url';
import { systemContributors, type Family, type FamilyHost } from './descriptor';

/** The map continuity reads: the system family's model and its components (their ids are the map's). */
export function continuityHost(host: FamilyHost): ContinuityHost {
  const contributions = systemContributors(host.families);
  return {
    mapOf: (index) => systemModel(index, contributions),
    componentsOf: (index) => componentsOf(systemModel(index, contributions)).list,
    prepare: (index) => prepareContributors(contributions, index),
    // Bounded and confined to the run's folders (disk/readText.ts); a URI that is not a file's reads nothing.
    readSide: (uri) => (uri.startsWith('file:') ? textOf(readSideText(fileURLToPath(uri))) : undefined),
  };
}

export const continuityFamily: Family = {
  id: 'continuity',
  own: continuityOwn,
  title: 'Continuity (PRA/PCA: single points of failure, backups, RPO/RTO)',
  french: frContinuity,
  features: (host) => [continuityFeature(continuityHost(host))],
  rules: { prefixes: ['continuity-'] },
  // `archipel/continuityView`: the Continuity view of the System Map.
  requests: (registry, host) => continuityRequests(registry, continuityHost(host)),
  // The Continuity view's command (the System Map panel's module) and its step of the walkthrough.
  client: {
    module: 'system',
    commands: [{ id: 'archipel.showContinuityView', title: { en: 'Show the Continuity View of the System Map', fr: 'Afficher la vue Continuité de la carte du système' }, icon: '$(pulse)' }],
    walkthrough: [
      {
        id: 'showContinuityView',
        order: 6.85,
        title: { en: 'See what one failure takes down', fr: 'Voir ce que fait tomber une seule panne' },
        description: {
          en: "The example's continuity, derived from its deploy files: each component coloured by its gaps, its single points of failure marked (one replica, one zone, one host), the RPO and RTO archipel.yaml asks against what the backups achieve (the MLflow database's point-in-time recovery: 5 minutes), each gap a link to its line. The example accepts its demo's gaps, each with its reason.\n[Show the Continuity view](command:archipel.showContinuityView)",
          fr: "La continuité de l'exemple, déduite de ses fichiers de déploiement : chaque composant coloré selon ses failles, ses points de défaillance unique marqués (un seul réplica, une seule zone, un seul hôte), le RPO et le RTO qu'archipel.yaml demande face à ce que les sauvegardes atteignent (la restauration à un instant donné de la base MLflow : 5 minutes), chaque faille un lien vers sa ligne. L'exemple accepte les failles de sa démo, chacune avec sa raison.\n[Afficher la vue Continuité](command:archipel.showContinuityView)",
        },
        media: { markdown: 'media/walkthrough/continuity.md' },
        completionEvents: ['onContext:archipel.walkthrough.continuityShown'],
      },
    ],
  },
  commands: [
    {
      names: ['continuity'],
      usage: continuityUsage,
      async run(_name, args, { out, err, host, files, ledger }) {
        const { continuityCommand } = await import('../cli/continuity.js');
        return continuityCommand(args, { out, err, settings: defaultSettings, files: files(defaultSettings), system: systemContributors(host.families), host: continuityHost(host), ledger });
      },
    },
  ],
};
