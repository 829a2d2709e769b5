/**
 * The kernel's commands: the language server's and the walkthrough's, which belong to no family.
 * client/src/extension.ts registers them itself (commands/server.ts, commands/walkthrough.ts);
 * scripts/gen-families.mjs declares them in package.json with the families' commands.
 */
import type { ClientCommand } from './descriptor';

export const coreCommands: readonly ClientCommand[] = [
  { id: 'archipel.restartServer', title: { en: 'Restart Language Server', fr: 'Redémarrer le serveur de langage' } },
  { id: 'archipel.showOutput', title: { en: 'Show Output', fr: 'Afficher la sortie' } },
  { id: 'archipel.openExample', title: { en: 'Open Example', fr: "Ouvrir l'exemple" } },
  { id: 'archipel.openExampleFile', title: { en: 'Open a File of the Example', fr: "Ouvrir un fichier de l'exemple" }, menus: { commandPalette: [{ when: 'false' }] } },
];
