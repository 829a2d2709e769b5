/** Continuity and resilience (issue #97): single points of failure, backups and recovery objectives derived from the system map; `archipel continuity`. */
import { continuityOwn } from '../continuity/files';
import { continuityUsage } from '../cli/continuityUsage';
import { continuityFeature } from '../continuity/feature';
import { frContinuity } from '../continuity/fr';
import type { ContinuityHost } from '../continuity/analysis';
import { prepareContributors } from '../features/system/contributor';
import { componentsOf } from '../system/components';
import { systemModel } from '../system/model';
import { defaultSettings } from '../settings';
import { systemContributors, type Family, type FamilyHost } from './descriptor';

/** The map continuity reads: the system family's model and its components (their ids are the map's). */
export function continuityHost(host: FamilyHost): ContinuityHost {
  const contributions = systemContributors(host.families);
  return {
    mapOf: (index) => systemModel(index, contributions),
    componentsOf: (index) => componentsOf(systemModel(index, contributions)).list,
    prepare: (index) => prepareContributors(contributions, index),
  };
}

export const continuityFamily: Family = {
  id: 'continuity',
  own: continuityOwn,
  title: 'Continuity (PRA/PCA: single points of failure, backups, RPO/RTO)',
  french: frContinuity,
  features: (host) => [continuityFeature(continuityHost(host))],
  rules: { prefixes: ['continuity-'] },
  commands: [
    {
      names: ['continuity'],
      usage: continuityUsage,
      async run(_name, args, { out, err, host, files }) {
        const { continuityCommand } = await import('../cli/continuity.js');
        return continuityCommand(args, { out, err, settings: defaultSettings, files: files(defaultSettings), system: systemContributors(host.families), host: continuityHost(host) });
      },
    },
  ],
};
