/**
 * Diagrams generated from the workspace, their export (sharp), the `diagram` command and the
 * `archipel/diagram` request, which draw every family's diagrams (a family declares its own in its
 * descriptor's `diagrams`, drawn by its `<family>/diagram.ts`).
 */
import { diagramUsage } from '../cli/diagram';
import { diffUsage } from '../cli/diffUsage';
import { frDiagrams } from '../diagrams/fr';
import { diagramDrawers, facesOf, systemContributors, type Family, type FamilyHost } from './descriptor';
import { threatsHost } from './threats';
import { defaultSettings } from '../settings';
import { diagramRequests } from '../diagrams/register';
import { exportDiagram } from '../engines/diagrams/export';
import { diffAnswer } from '../platform/diffRequest';
import { loadCarbon, loadPrices } from '../cost/host';
import { once } from '../common/once';

/** What `archipel diff` prices each side with: the faces `archipel cost` prices with, the bundled prices and carbon (read once, when a side prices). */
const diffCost = (host: FamilyHost) => {
  const { kubernetes, compose, helm } = facesOf(host.families);
  return { prices: once(() => loadPrices(host.root)), carbon: once(() => loadCarbon(host.root)), faces: { kubernetes, compose, helm } };
};
import { filesOf } from './select';

/** What `archipel diff` finds each side's policy violations with: the policy family's face, when the run has it, and the faces it reads. */
const diffPolicy = (host: FamilyHost) => {
  const { policy, helm, terraform } = facesOf(host.families);
  return policy ? { policy, ...(helm ? { helm } : {}), ...(terraform ? { terraform } : {}) } : undefined;
};

export const diagramsFamily: Family = {
  id: 'diagrams',
  title: 'Diagrams',
  french: frDiagrams,
  requests: (registry, host) =>
    diagramRequests(registry, {
      drawers: diagramDrawers(host.families),
      root: host.root,
      system: systemContributors(host.families),
      exportDiagram,
      // `archipel/diff`: the CLI's `diff` for the System Map panel's "Compare with…".
      diff: diffAnswer({ drawers: diagramDrawers(host.families), system: systemContributors(host.families), threats: threatsHost(host), root: host.root, cost: diffCost(host), policy: diffPolicy(host), files: (settings) => filesOf(settings, host.families) }),
    }),
  commands: [
    {
      names: ['diagram'],
      usage: (families) => diagramUsage(diagramDrawers(families)),
      async run(_name, args, { out, err, host, files, ledger }) {
        const { diagramCommand } = await import('../cli/diagram.js');
        return diagramCommand(args, defaultSettings, files(defaultSettings), diagramDrawers(host.families), host.root, out, err, systemContributors(host.families), ledger);
      },
    },
    {
      names: ['diff'],
      usage: diffUsage,
      async run(_name, args, { out, err, host, files }) {
        const { diffCommand } = await import('../cli/diff.js');
        // The threat model on each side (the threats family's host): its risks raised and resolved.
        return diffCommand(args, defaultSettings, files(defaultSettings), diagramDrawers(host.families), host.root, out, err, systemContributors(host.families), threatsHost(host), diffCost(host), diffPolicy(host));
      },
    },
  ],
  client: {
    walkthrough: [
      { id: "previewDiagram", order: 6, title: { en: "Preview a diagram", fr: "Prévisualiser un diagramme" }, description: { en: "The architecture diagram, drawn as you type. The preview opens across the whole editor area; double-click its tab to see this page and the text beside it again.\n[Preview docs/architecture.mmd](command:archipel.openExampleFile?%5B%22docs%2Farchitecture.mmd%22%2C%22archipel.previewDiagram%22%2C%7B%22wide%22%3Atrue%7D%5D)", fr: "Le diagramme d'architecture, redessiné pendant la frappe. L'aperçu s'ouvre sur toute la zone d'édition ; double-cliquez sur son onglet pour retrouver cette page et le texte à côté.\n[Prévisualiser docs/architecture.mmd](command:archipel.openExampleFile?%5B%22docs%2Farchitecture.mmd%22%2C%22archipel.previewDiagram%22%2C%7B%22wide%22%3Atrue%7D%5D)" }, media: { markdown: "media/walkthrough/diagram.md" }, completionEvents: ["onContext:archipel.walkthrough.diagramPreviewed"] },
      {
        id: 'compareWithBranch',
        order: 6.75,
        title: { en: 'Compare with a branch', fr: 'Comparer avec une branche' },
        description: {
          en: 'The architecture of a change: change a deploy file (stop publishing MLflow\'s port 5001 in docker-compose.yml, say), then compare the map with a branch, a tag or a commit — the example\'s first commit. What the change adds, removes and changes is drawn on the map and listed below it, each item opening its lines (what is removed, in the file as it was at that commit); the Security view lists the risks it raises and resolves.\n[Compare with…](command:archipel.compareWith)',
          fr: "L'architecture d'un changement : modifiez un fichier de déploiement (ne publiez plus le port 5001 de MLflow dans docker-compose.yml, par exemple), puis comparez la carte avec une branche, une étiquette ou un commit — le premier commit de l'exemple. Ce que le changement ajoute, retire et modifie est dessiné sur la carte et listé dessous, chaque élément ouvrant ses lignes (ce qui est retiré, dans le fichier tel qu'il était à ce commit) ; la vue Sécurité liste les risques qu'il fait apparaître et ceux qu'il résout.\n[Comparer avec…](command:archipel.compareWith)",
        },
        media: { markdown: 'media/walkthrough/compare.md' },
        completionEvents: ['onContext:archipel.walkthrough.compared'],
      },
    ],
    module: 'diagrams',
    commands: [
      { id: 'archipel.previewDiagram', title: { en: 'Preview Diagram', fr: 'Aperçu du diagramme' }, icon: '$(type-hierarchy)', menus: { commandPalette: [{ when: 'editorLangId == mermaid || editorLangId == markdown' }], 'editor/title': [{ when: 'editorLangId == mermaid', group: 'navigation' }] } },
      { id: 'archipel.showKubernetesDiagram', title: { en: 'Show Kubernetes Topology', fr: 'Afficher la topologie Kubernetes' }, menus: { 'explorer/context': [{ when: 'explorerResourceIsFolder', group: '7_archipel@4' }] } },
      { id: 'archipel.showWorkflowDiagram', title: { en: 'Show Workflow Job Graph', fr: 'Afficher le graphe des jobs du workflow' }, menus: { 'explorer/context': [{ when: 'explorerResourceIsFolder || resourcePath =~ /\\/\\.(github|gitea|forgejo)\\/workflows\\//', group: '7_archipel@6' }] } },
      { id: 'archipel.showAdrDiagram', title: { en: 'Show ADR Graph', fr: 'Afficher le graphe des ADR' }, menus: { 'explorer/context': [{ when: 'explorerResourceIsFolder', group: '7_archipel@5' }] } },
      { id: 'archipel.showComposeDiagram', title: { en: 'Show Compose Stack', fr: 'Afficher la pile Compose' }, menus: { 'explorer/context': [{ when: 'explorerResourceIsFolder || resourceFilename =~ /^(docker-)?compose.*\\.ya?ml$/i', group: '7_archipel@6' }] } },
      { id: 'archipel.compareWith', title: { en: 'Compare with…', fr: 'Comparer avec…' } },
      { id: 'archipel.exportDiagram', title: { en: 'Export Diagram (SVG or PNG)', fr: 'Exporter le diagramme (SVG ou PNG)' }, icon: '$(export)', menus: { commandPalette: [{ when: "activeWebviewPanelId == 'archipel.diagram'" }], 'webview/title': [{ when: "activeWebviewPanelId == 'archipel.diagram'", group: 'navigation' }] } },
    ],
    panels: ['archipel.diagram'],
  },
};
