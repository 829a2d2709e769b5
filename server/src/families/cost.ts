/** Cost (issue #81): `archipel cost`, the monthly cost of the system at the bundled, dated prices; in the editor, its lenses, hovers and rules. */
import { costUsage } from '../cli/costUsage';
import { once } from '../common/once';
import { costFeature } from '../cost/editor';
import { costOwn } from '../cost/files';
import { frCost } from '../cost/fr';
import { loadCarbon, loadPrices } from '../cost/host';
import { defaultSettings } from '../settings';
import { hclReady, loadHcl } from '../terraform/syntax/parse';
import { facesOf, type Family } from './descriptor';

export const costFamily: Family = {
  id: 'cost',
  title: 'Cost of the infrastructure',
  own: costOwn,
  // Terraform configurations (lenses, hints, cheaper equivalents), archipel.yaml (cost.budget), manifests (requests without limits): own.test narrows the YAML.
  files: { extensions: ['.tf', '.yaml', '.yml'] },
  languages: ['terraform', 'yaml'],
  french: frCost,
  rules: { prefixes: ['cost-'] },
  features: (host) => {
    const faces = facesOf(host.families);
    return [costFeature({ prices: once(() => loadPrices(host.root)), carbon: once(() => loadCarbon(host.root)), faces: { kubernetes: faces.kubernetes, compose: faces.compose }, ready: () => (hclReady() ? undefined : loadHcl()) })];
  },
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
