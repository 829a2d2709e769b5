/**
 * The system map (issue #49): one model of the whole system from what every family contributes (its
 * descriptor's `system`, features/system/contributor.ts), drawn (`archipel diagram system`, the System Map panel),
 * exported (Mermaid C4, Structurizr DSL, C4-PlantUML, JSON) and checked.
 */
import { facesOf, systemContributors, type Family } from './descriptor';
import { systemMapDrawer } from '../system/drawer';
import { systemFeature } from '../system/feature';
import { frSystem } from '../system/fr';
import { systemRequests } from '../system/register';
import { unreadArchitecture, unreadSources } from '../system/unread';
import { addNotReadSource } from '../platform/notRead';

// The ledger (#92): what describes the system in a kind no family reads (Terragrunt, Pulumi, Bicep…): each such file.
addNotReadSource((index) => unreadSources(index, () => true, true).map(({ uri }) => ({ uri, reason: 'no-family' as const })));
import { repositoryRoot } from '../disk/repositoryRoot';

export const systemFamily: Family = {
  id: 'system',
  // Any file may hold a service or an address: its features read beyond its selector.
  own: { reads: 'beyond' },
  title: 'System map',
  // Structurizr DSL files, whose drawings are compared with the model (Mermaid's are the Mermaid family's files),
  // and what describes a system without being read (an Aspire AppHost, a Pulumi program): an empty map names them.
  files: { names: unreadArchitecture.names, extensions: ['.dsl', ...(unreadArchitecture.extensions ?? [])] },
  features: (host) => [systemFeature(systemContributors(host.families), facesOf(host.families))],
  requests: (registry, host) => systemRequests(registry, systemContributors(host.families), repositoryRoot, facesOf(host.families)),
  french: frSystem,
  rules: { prefixes: ['system-'] },
  diagrams: [systemMapDrawer],
  client: {
    module: 'system',
    commands: [
      { id: 'archipel.showSystemMap', title: { en: 'Show System Map', fr: 'Afficher la carte du système' }, icon: '$(type-hierarchy-sub)', menus: { 'explorer/context': [{ when: 'explorerResourceIsFolder', group: '7_archipel@3' }] } },
      { id: 'archipel.exportSystemMap', title: { en: 'Export System Map…', fr: 'Exporter la carte du système…' }, icon: '$(export)', menus: { 'webview/title': [{ when: "activeWebviewPanelId == 'archipel.systemMap'", group: 'navigation' }] } },
      { id: 'archipel.regenerateDrawing', title: { en: 'Regenerate Drawing from the System Map', fr: 'Régénérer le dessin depuis la carte du système' }, menus: { commandPalette: [{ when: 'isWorkspaceTrusted && (editorLangId == mermaid || editorLangId == markdown || resourceExtname == .dsl)' }] } },
    ],
    panels: ['archipel.systemMap'],
    walkthrough: [
      {
        id: 'showSystemMap',
        order: 6.5,
        title: { en: 'See the whole system', fr: 'Voir tout le système' },
        description: {
          en: 'One map of what the example deploys, built from its files: the Compose stack, the cluster, what builds and deploys them, what monitors them. Click a box or an arrow to see the lines that make it.\n[Show the system map](command:archipel.showSystemMap)',
          fr: "Une carte de ce que l'exemple déploie, construite depuis ses fichiers : la pile Compose, le cluster, ce qui les construit, les déploie et les surveille. Cliquez une boîte ou une flèche pour voir les lignes qui la font.\n[Afficher la carte du système](command:archipel.showSystemMap)",
        },
        media: { markdown: 'media/walkthrough/system-map.md' },
        completionEvents: ['onContext:archipel.walkthrough.systemMapShown'],
      },
    ],
  },
};
