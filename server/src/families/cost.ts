/** Cost (issue #81): `archipel cost`, the monthly cost of the Terraform resources at the bundled, dated prices. */
import { costUsage } from '../cli/costUsage';
import { defaultSettings } from '../settings';
import type { Family } from './descriptor';

export const costFamily: Family = {
  id: 'cost',
  title: 'Cost of the infrastructure',
  commands: [
    {
      names: ['cost'],
      usage: costUsage,
      async run(_name, args, { out, err, host, files }) {
        // Loaded on run: the pricing and the Terraform model.
        const { costCommand } = await import('../cli/cost.js');
        return costCommand(args, { out, err, settings: defaultSettings, files: files(defaultSettings), root: host.root });
      },
    },
  ],
};
