/** AMDEC/FMEA files: the schema, the rules (overdue actions against the clock), the risk dashboard's model. */
import { amdecOwn } from '../amdec/files';
import { frAmdec } from '../amdec/fr';
import { yamlDocuments, type Family } from './descriptor';
import { sharedGovernanceSchemas } from '../platform/sharedData';
import { amdecFeature } from '../amdec/feature';
import { amdecRequests } from '../amdec/register';
import { amdecSystem } from '../amdec/system';

export const amdecFamily: Family = {
  id: 'amdec',
  own: amdecOwn,
  title: 'AMDEC/FMEA files',
  system: amdecSystem,
  french: frAmdec,
  ...yamlDocuments,
  features: (host) => [amdecFeature(sharedGovernanceSchemas(host.root), () => host.now())],
  requests: (registry, host) => amdecRequests(registry, () => host.now()),
  rules: { prefixes: ['amdec-'] },
  client: {
    walkthrough: [
      { id: "openDashboard", order: 4, title: { en: "Open a dashboard", fr: "Ouvrir un tableau de bord" }, description: { en: "The risk dashboard of the AMDEC file: risk matrix, Pareto, actions, before and after.\n[Show the risk dashboard](command:archipel.openExampleFile?%5B%22governance%2Frisks.amdec.yaml%22%2C%22archipel.showRiskDashboard%22%5D)", fr: "Le tableau de bord des risques du fichier AMDEC : matrice des risques, Pareto, actions, avant et après.\n[Afficher le tableau de bord des risques](command:archipel.openExampleFile?%5B%22governance%2Frisks.amdec.yaml%22%2C%22archipel.showRiskDashboard%22%5D)" }, media: { image: "docs/images/risk-dashboard.png", altText: { en: "The risk dashboard of the example", fr: "Le tableau de bord des risques de l'exemple" } }, completionEvents: ["onContext:archipel.walkthrough.dashboardOpened"] },
    ],
    module: 'dashboards',
    commands: [
      { id: 'archipel.showRiskDashboard', title: { en: 'Show Risk Dashboard', fr: 'Afficher le tableau de bord des risques' }, icon: '$(graph)', menus: { commandPalette: [{ when: 'resourceFilename =~ /\\.(amdec|fmea)\\.ya?ml$/' }], 'editor/title': [{ when: 'resourceFilename =~ /\\.(amdec|fmea)\\.ya?ml$/', group: 'navigation' }] } },
    ],
    panels: ['archipel.riskDashboard'],
  },
};
