/** Service levels as code: Sloth's SLO specs checked, and turned into the Prometheus rules Sloth generates (`archipel slo generate`). */
import { sloUsage } from '../cli/sloUsage';
import { sloOwn } from '../slo/files';
import { frSlo } from '../slo/fr';
import { diagramDrawers, systemContributors, yamlDocuments, type CommandContext, type Family } from './descriptor';
import { defaultSettings } from '../settings';
import { sloFeature } from '../slo/feature';
import { sharedSloSchemas } from '../platform/sharedData';

/** The system map's nodes of a folder, as `archipel diagram system --format json` gives them (the one way the CLI draws it); undefined when it cannot be drawn. */
async function systemNodes(folder: string, { host, files, err }: CommandContext): Promise<{ id: string; kind: string; name: string; sources: { file: string; line: number }[] }[] | undefined> {
  const { diagramCommand } = await import('../cli/diagram.js');
  let json = '';
  const code = await diagramCommand(['system', '--format', 'json', folder], defaultSettings, files(defaultSettings), diagramDrawers(host.families), host.root, (text) => (json += text), err, systemContributors(host.families));
  if (code !== 0 || json === '') return undefined;
  return (JSON.parse(json) as { nodes: { id: string; kind: string; name: string; sources: { file: string; line: number }[] }[] }).nodes.map(({ id, kind, name, sources }) => ({ id, kind, name, sources }));
}

export const sloFamily: Family = {
  id: 'slo',
  own: sloOwn,
  title: 'Service levels (Sloth SLO specs, OpenSLO)',
  french: frSlo,
  ...yamlDocuments,
  features: (host) => [sloFeature(sharedSloSchemas(host.root))],
  rules: { prefixes: ['slo-'] },
  commands: [
    {
      names: ['slo'],
      usage: sloUsage,
      async run(_name, args, context) {
        const { sloCommand } = await import('../cli/slo.js');
        return sloCommand(args, context.out, context.err, { systemNodes: (folder) => systemNodes(folder, context) });
      },
    },
  ],
};
