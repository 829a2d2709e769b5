/**
 * A tiny family that exists only here, to prove the recipe of docs/layout.md ("Adding a family"):
 * `*.archipel-test.yaml` files, one rule (a `todo:` key), one setting (the word it looks for),
 * one CLI command, one French string. Nothing outside this folder and its test names it: every
 * list it lands in is derived from the families' list (run.ts adds it to the list).
 */
import type { Family } from '../../src/families/descriptor';
import { t } from '../../src/l10n/t';
import { defineRule } from '../../src/rules/registry';
import { defineSettingsSection, record, type SettingsManifest } from '../../src/settings';

export const archipelTestRule = defineRule({ id: 'archipel-test-word', defaultSeverity: 'warning', description: 'An archipel-test file holds the word archipel.archipelTest.word.' });

declare module '../../src/settings' {
  interface FamilySettings {
    archipelTest: { word: string };
  }
}

const manifest: SettingsManifest = {
  properties: { word: { type: 'string', scope: 'resource', default: 'TODO', description: '%config.archipelTest.word.description%' } },
  strings: { 'config.archipelTest.word.description': { en: 'The word archipel-test files must not hold.', fr: 'Le mot que les fichiers archipel-test ne doivent pas contenir.' } },
};

const archipelTestSettings = defineSettingsSection(
  'archipelTest',
  { word: 'TODO' },
  (raw) => {
    const word = record(raw).word;
    return { word: typeof word === 'string' && word.trim() !== '' ? word : 'TODO' };
  },
  manifest,
);

const french = { 'The word {0} is left in this file.': 'Le mot {0} est resté dans ce fichier.', 'archipel-test files: {0}': 'fichiers archipel-test : {0}' };

export const archipelTestFamily: Family = {
  id: 'archipel-test',
  title: 'The test family',
  files: { extensions: ['.archipel-test.yaml'] },
  languages: ['yaml'],
  features: () => [
    {
      id: 'archipel-test',
      findings(file, context) {
        if (!file.uri.toLowerCase().endsWith('.archipel-test.yaml')) return [];
        const word = context.settings.archipelTest.word;
        const at = file.text.indexOf(word);
        return at < 0 ? [] : [{ offset: 0, finding: { start: at, end: at + word.length, code: archipelTestRule.id, message: t('The word {0} is left in this file.', word) } }];
      },
    },
  ],
  settings: archipelTestSettings,
  french,
  rules: { ids: [archipelTestRule.id] },
  commands: [
    {
      names: ['archipel-test-count'],
      usage: '  archipel-test-count [PATH...]   Count the archipel-test files.',
      async run(_name, args, { out, files }) {
        const { scanFolder } = await import('../../src/platform/scan.js');
        const { defaultSettings } = await import('../../src/settings.js');
        const found = (await Promise.all((args.length > 0 ? args : ['.']).map((folder) => scanFolder(folder, { files: files(defaultSettings) })))).flat();
        out(t('archipel-test files: {0}', found.filter((f) => f.toLowerCase().endsWith('.archipel-test.yaml')).length));
        return 0;
      },
    },
  ],
};
