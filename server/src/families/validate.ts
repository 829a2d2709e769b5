/** Data validation (issue #29): Great Expectations suites checked as you type, validation jobs on DuckDB, `validate`. */
import { validateOwn } from '../validate/files';
import { validateUsage } from '../cli/validateUsage';
import { dataHeader } from '../engines/validate/header';
import { registerValidateRequests } from '../engines/validate/register';
import { frValidate } from '../validate/fr';
import type { Family } from './descriptor';
import { suiteFeature } from '../validate/feature';
import { validateSettings } from '../validate/settings';

export const validateFamily: Family = {
  id: 'validate',
  own: validateOwn,
  title: 'Data validation (expectation suites)',
  french: frValidate,
  // GX's suites: *.expectations.json anywhere, and the JSON files of a gx/expectations/ folder.
  files: { extensions: ['.expectations.json', '.yaml', '.yml'], globs: ['expectations/**/*.json'] },
  languages: ['yaml'],
  features: () => [suiteFeature({ header: dataHeader })],
  requests: registerValidateRequests,
  settings: validateSettings,
  rules: { prefixes: ['suite-'] },
  workers: [{ bundle: 'validateWorker', entry: 'server/src/engines/validate/worker.ts' }],
  commands: [
    {
      names: ['validate'],
      usage: validateUsage,
      async run(_name, args, { out, err, stdout }) {
        // Loaded on demand: DuckDB is native.
        const { validateCommand } = await import('../cli/validate.js');
        return validateCommand(args, out, err, stdout);
      },
    },
  ],
  client: {
    module: 'validate',
    commands: [
      { id: 'archipel.validateData', title: { en: 'Validate Data', fr: 'Valider les données' }, icon: '$(pass)', menus: { 'explorer/context': [{ when: 'resourceExtname =~ /^\\.(csv|parquet)$/i || resourceFilename =~ /\\.expectations\\.(json|ya?ml)$/i', group: '7_archipel@3' }] } },
      { id: 'archipel.showDataDocs', title: { en: 'Show Data Docs', fr: 'Afficher les Data Docs' } },
    ],
    panels: ['archipel.dataDocs'],
  },
};
