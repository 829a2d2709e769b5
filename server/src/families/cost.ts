/** Cost (issue #81): `archipel cost`, the monthly cost of the system at the bundled, dated prices; in the editor, its lenses, hovers and rules. */
import { costUsage } from '../cli/costUsage';
import { once } from '../common/once';
import { costFeature, type CostServices } from '../cost/editor';
import { costOwn } from '../cost/files';
import { frCost } from '../cost/fr';
import { loadCarbon, loadPrices } from '../cost/host';
import { defaultSettings } from '../settings';
import { hclReady, loadHcl } from '../terraform/syntax/parse';
import { costViewRequests } from '../cost/register';
import { repositoryRoot } from '../disk/repositoryRoot';
import { prepareContributors } from '../features/system/contributor';
import { systemModel } from '../system/model';
import type { WorkspaceIndex } from '../workspace/index';
import { facesOf, systemContributors, type Family, type FamilyHost } from './descriptor';

/** The cost services of a run: the bundled prices and carbon (loaded on first use), the Kubernetes and Compose faces, the HCL parser. */
const servicesOf = new WeakMap<FamilyHost, CostServices>();
function costServices(host: FamilyHost): CostServices {
  const known = servicesOf.get(host);
  if (known) return known;
  const faces = facesOf(host.families);
  const services: CostServices = { prices: once(() => loadPrices(host.root)), carbon: once(() => loadCarbon(host.root)), faces: { kubernetes: faces.kubernetes, compose: faces.compose, helm: faces.helm }, ready: () => (hclReady() ? undefined : loadHcl()) };
  servicesOf.set(host, services);
  return services;
}

export const costFamily: Family = {
  id: 'cost',
  title: 'Cost of the infrastructure',
  own: costOwn,
  // Terraform configurations (lenses, hints, cheaper equivalents), archipel.yaml (cost.budget), manifests (requests without limits): own.test narrows the YAML.
  files: { extensions: ['.tf', '.yaml', '.yml'] },
  languages: ['terraform', 'yaml'],
  french: frCost,
  rules: { prefixes: ['cost-'] },
  features: (host) => [costFeature(costServices(host))],
  // `archipel/costView`: the Cost view of the System Map, over the system family's map.
  requests: (registry, host) => {
    const contributions = systemContributors(host.families);
    costViewRequests(registry, { ...costServices(host), mapOf: (index) => systemModel(index, contributions), prepare: (index) => prepareContributors(contributions, index), repositoryOf: repositoryRoot });
  },
  commands: [
    {
      names: ['cost'],
      usage: costUsage,
      async run(_name, args, { out, err, host, files, ledger }) {
        // Loaded on run: the pricing and the Terraform model.
        const { costCommand } = await import('../cli/cost.js');
        // The Terraform family's part of the map only: the ids the JSON's Terraform components take.
        const terraform = systemContributors(host.families).filter((c) => c.family === 'terraform');
        const mapNodes = async (index: WorkspaceIndex) => {
          await prepareContributors(terraform, index);
          return systemModel(index, terraform).nodes;
        };
        return costCommand(args, { out, err, settings: defaultSettings, files: files(defaultSettings), root: host.root, mapNodes, ledger });
      },
    },
  ],
};
