/** Diagrams generated from the workspace (Kubernetes, workflows, ADRs), their export (sharp), the `diagram` command. */
import { diagramUsage } from '../cli/diagram';
import { diagramExportRequests } from '../engines/diagrams/export';
import type { Family } from './descriptor';
import { sharedWorkflowData } from '../platform/resources';
import { defaultSettings } from '../settings';
import { diagramRequests } from '../diagrams/register';

export const diagramsFamily: Family = {
  id: 'diagrams',
  title: 'Diagrams',
  requests(registry, host) {
    diagramRequests(registry, () => sharedWorkflowData(host.root));
    diagramExportRequests(registry);
  },
  commands: [
    {
      names: ['diagram'],
      usage: diagramUsage,
      async run(_name, args, { out, err, host, files }) {
        const { diagramCommand } = await import('../cli/diagram.js');
        return diagramCommand(args, defaultSettings, files(defaultSettings), () => ({ workflows: sharedWorkflowData(host.root) }), out, err);
      },
    },
  ],
};
