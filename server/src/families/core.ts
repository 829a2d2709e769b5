/**
 * The kernel's commands: the language server's and the walkthrough's, which belong to no family;
 * the walkthrough itself, with its first step (the families add theirs: Family.client.walkthrough).
 * client/src/extension.ts registers them itself (commands/server.ts, commands/walkthrough.ts);
 * scripts/gen-families.mjs declares them in package.json with the families' commands.
 */
import type { ClientCommand, Texts, WalkthroughStep } from './descriptor';

export const coreCommands: readonly ClientCommand[] = [
  { id: 'archipel.restartServer', title: { en: 'Restart Language Server', fr: 'Redémarrer le serveur de langage' } },
  { id: 'archipel.showOutput', title: { en: 'Show Output', fr: 'Afficher la sortie' } },
  { id: 'archipel.openExample', title: { en: 'Open Example', fr: "Ouvrir l'exemple" } },
  { id: 'archipel.openExampleFile', title: { en: 'Open a File of the Example', fr: "Ouvrir un fichier de l'exemple" }, menus: { commandPalette: [{ when: 'false' }] } },
];

/** "Get started with Archipel": its title, description and first step; the other steps are the families'. */
export const coreWalkthrough: { readonly id: string; readonly title: Texts; readonly description: Texts; readonly steps: readonly WalkthroughStep[] } = {
  id: 'archipel.firstRun',
  title: { en: 'Get started with Archipel', fr: 'Bien démarrer avec Archipel' },
  description: { en: "Check an architect's repository in fourteen steps, on the example workspace.", fr: "Vérifier le dépôt d'un architecte en quatorze étapes, sur l'espace de travail d'exemple." },
  steps: [
    { id: "openExample", order: 1, title: { en: "Open the example workspace", fr: "Ouvrir l'espace de travail d'exemple" }, description: { en: "Copy the example repository (Kubernetes manifests, a workflow, a Dockerfile and a Compose stack with its monitoring, ADRs, RACI, AMDEC, a diagram, an image, a DVC pipeline) into a folder of yours, as a Git repository with a first commit (its experiments are commits), and open it.\n[Open the example](command:archipel.openExample)", fr: "Copiez le dépôt d'exemple (manifestes Kubernetes, un workflow, un Dockerfile et une pile Compose avec sa supervision, des ADR, RACI, AMDEC, un diagramme, une image, un pipeline DVC) dans un dossier à vous, en dépôt Git avec un premier commit (ses expériences sont des commits), et ouvrez-le.\n[Ouvrir l'exemple](command:archipel.openExample)" }, media: { markdown: "media/walkthrough/example.md" }, completionEvents: ["onContext:archipel.walkthrough.exampleCopied"] },
  ],
};
