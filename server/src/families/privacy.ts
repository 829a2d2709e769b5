/** Privacy (issue #65): personal data in data files and Fides manifests, where it flows, the record of processing; `archipel privacy`. */
import { privacyOwn } from '../privacy/files';
import { privacyUsage } from '../cli/privacyUsage';
import { privacyHost } from '../engines/privacy/runtime';
import { frPrivacy } from '../privacy/fr';
import { privacyFeature } from '../privacy/feature';
import { yamlDocuments, type Family } from './descriptor';

export const privacyFamily: Family = {
  id: 'privacy',
  own: privacyOwn,
  title: 'Privacy (Fides manifests, personal data)',
  french: frPrivacy,
  ...yamlDocuments,
  features: (host) => [privacyFeature(privacyHost(host.root, host.now))],
  rules: { prefixes: ['privacy-'] },
  commands: [
    {
      names: ['privacy'],
      usage: privacyUsage,
      async run(_name, args, { out, err, host, ledger }) {
        // Loaded on run: the scan, the record, DuckDB for Parquet.
        const { privacyCommand } = await import('../cli/privacy.js');
        return privacyCommand(args, { out, err, root: host.root, ledger });
      },
      standalone: { bundle: 'privacyCli', entry: 'server/src/cli/privacyCli.ts' },
    },
  ],
};
