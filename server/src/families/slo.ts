/** Service levels as code: Sloth's SLO specs checked, and turned into the Prometheus rules Sloth generates (`archipel slo generate`). */
import { sloUsage } from '../cli/sloUsage';
import { sloOwn } from '../slo/files';
import { frSlo } from '../slo/fr';
import { diagramDrawers, facesOf, systemContributors, yamlDocuments, type CommandContext, type Family, type FamilyHost } from './descriptor';
import { prepareContributors } from '../features/system/contributor';
import { systemModel } from '../system/model';
import { sloViewRequests, type SloViewHost } from '../slo/register';
import type { SloSystemHost } from '../slo/system';
import { defaultSettings } from '../settings';
import { sloFeature } from '../slo/feature';
import { sharedSloSchemas } from '../platform/sharedData';

/** What the SLO checks hold an SLO against: the system family's map of the index, the Prometheus family's face when the run has it. */
function sloSystemHost(host: FamilyHost): SloSystemHost {
  const contributions = systemContributors(host.families);
  const prometheus = facesOf(host.families).prometheus;
  return { mapOf: (index) => systemModel(index, contributions), prepare: (index) => prepareContributors(contributions, index), ...(prometheus ? { prometheus } : {}) };
}

/** The system map's nodes of a folder, as `archipel diagram system --format json` gives them (the one way the CLI draws it); undefined when it cannot be drawn. */
async function systemNodes(folder: string, { host, files, err, ledger }: CommandContext): Promise<{ id: string; kind: string; name: string; sources: { file: string; line: number }[] }[] | undefined> {
  const { diagramCommand } = await import('../cli/diagram.js');
  let json = '';
  const code = await diagramCommand(['system', '--format', 'json', folder], defaultSettings, files(defaultSettings), diagramDrawers(host.families), host.root, (text) => (json += text), err, systemContributors(host.families), ledger);
  if (code !== 0 || json === '') return undefined;
  return (JSON.parse(json) as { nodes: { id: string; kind: string; name: string; sources: { file: string; line: number }[] }[] }).nodes.map(({ id, kind, name, sources }) => ({ id, kind, name, sources }));
}

/** What the SLO view reads: the system family's map of the index. */
function sloViewHost(host: FamilyHost): SloViewHost {
  const contributions = systemContributors(host.families);
  return { mapOf: (index) => systemModel(index, contributions), prepare: (index) => prepareContributors(contributions, index) };
}

export const sloFamily: Family = {
  id: 'slo',
  own: sloOwn,
  title: 'Service levels (Sloth SLO specs, OpenSLO)',
  french: frSlo,
  ...yamlDocuments,
  features: (host) => [sloFeature(sharedSloSchemas(host.root), sloSystemHost(host))],
  rules: { prefixes: ['slo-'] },
  // `archipel/sloView`: the SLO view of the System Map.
  requests: (registry, host) => sloViewRequests(registry, sloViewHost(host)),
  // The example's SLOs in the walkthrough: the spec, what is generated from it, the dashboard (a step to read: done when seen).
  client: {
    walkthrough: [
      {
        id: 'keepServiceLevels',
        order: 6.8,
        title: { en: 'Keep the service levels', fr: 'Tenir les niveaux de service' },
        description: {
          en: 'The prediction API promises 99.5% of POST /predict without a server error and 99% within 250 ms, over 30 days: a Sloth spec, checked as you type. The alerting rules Prometheus evaluates and the Grafana dashboard of the error budget are generated from it (archipel slo generate, archipel slo dashboard).\n[Open the SLOs](command:archipel.openExampleFile?%5B%22monitoring%2Fslo%2Fstock-predictor.slo.yml%22%5D)\n[Open the generated rules](command:archipel.openExampleFile?%5B%22monitoring%2Fslo%2Fstock-predictor.rules.yml%22%5D)\n[Open the error-budget dashboard](command:archipel.openExampleFile?%5B%22monitoring%2Fgrafana%2Fdashboards%2Fslo-stock-predictor.json%22%5D)',
          fr: "L'API de prédiction promet 99,5 % des POST /predict sans erreur serveur et 99 % en moins de 250 ms, sur 30 jours : une spécification Sloth, vérifiée pendant la frappe. Les règles d'alerte que Prometheus évalue et le tableau de bord Grafana du budget d'erreur en sont générés (archipel slo generate, archipel slo dashboard).\n[Ouvrir les SLO](command:archipel.openExampleFile?%5B%22monitoring%2Fslo%2Fstock-predictor.slo.yml%22%5D)\n[Ouvrir les règles générées](command:archipel.openExampleFile?%5B%22monitoring%2Fslo%2Fstock-predictor.rules.yml%22%5D)\n[Ouvrir le tableau de bord du budget d'erreur](command:archipel.openExampleFile?%5B%22monitoring%2Fgrafana%2Fdashboards%2Fslo-stock-predictor.json%22%5D)",
        },
        media: { markdown: 'media/walkthrough/slo.md' },
        completionEvents: ['onContext:archipel.walkthrough.serviceLevelsOpened'],
      },
    ],
  },
  commands: [
    {
      names: ['slo'],
      usage: sloUsage,
      async run(_name, args, context) {
        const { sloCommand } = await import('../cli/slo.js');
        return sloCommand(args, context.out, context.err, { systemNodes: (folder) => systemNodes(folder, context), notRead: () => context.ledger.relative(process.cwd()) });
      },
    },
  ],
};
