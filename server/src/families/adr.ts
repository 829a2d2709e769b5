/** Architecture decision records (Markdown in ADR folders): rules, completion, edits, the `adr` command. */
import { adrUsage } from '../cli/adr';
import { loadedOnRun, type Family } from './descriptor';
import { frAdr } from '../adr/fr';
import { adrDrawer } from '../adr/diagram';
import { adrFeature } from '../adr/feature';
import { adrRequests } from '../adr/register';
import { adrSettings } from '../adr/settings';
import { adrSystem } from '../adr/system';

export const adrFamily: Family = {
  id: 'adr',
  title: 'Architecture decision records',
  system: adrSystem,
  // `.adr-dir` files (adr-tools) name ADR folders; they are indexed so discovery needs no disk access.
  files: { extensions: ['.md', '.adr-dir'] },
  languages: ['markdown'],
  features: () => [adrFeature],
  requests: adrRequests,
  settings: adrSettings,
  french: frAdr,
  rules: { prefixes: ['adr-'] },
  diagrams: [adrDrawer],
  commands: [
    {
      names: ['adr'],
      usage: adrUsage,
      run: loadedOnRun(async () => (await import('../cli/adr.js')).adrCommand),
    },
  ],
  client: {
    module: 'adr',
    commands: [
      { id: 'archipel.newAdr', title: { en: 'New ADR', fr: 'Nouvel ADR' } },
      { id: 'archipel.supersedeAdr', title: { en: 'Supersede ADR', fr: 'Remplacer un ADR' } },
      { id: 'archipel.linkAdrs', title: { en: 'Link ADRs', fr: 'Lier des ADR' } },
      { id: 'archipel.changeAdrStatus', title: { en: 'Change ADR Status', fr: "Changer le statut d'un ADR" } },
      { id: 'archipel.generateAdrIndex', title: { en: 'Generate ADR Index', fr: "Générer l'index des ADR" } },
      { id: 'archipel.openAdr', title: { en: 'Open ADR', fr: 'Ouvrir un ADR' }, menus: { commandPalette: [{ when: 'false' }] } },
    ],
  },
};
