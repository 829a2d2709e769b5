/**
 * `archipel privacy` from a bundle of its own (dist/server/privacyCli.js: the privacy family's
 * `standalone` command), without the CLI's kernel: a scan of a large file is mostly start-up, and
 * the kernel's every family is memory the scan does not need.
 */
import { packageRoot } from '../disk/packageRoot';
import { addCatalogue } from '../l10n/t';
import { frPrivacy } from '../privacy/fr';
import { privacyCommand } from './privacy';
import { runStandalone, writeError, writeLine } from './process';
import { confineCommand } from '../platform/commandReads';
import { ReadLedger } from '../platform/notRead';

// Without the family list: the privacy family's French, as its descriptor would install it.
addCatalogue('fr', frPrivacy);

export function runAsCommand(argv: string[]): void {
  runStandalone(argv, async (args) => {
    // Confined and kept in a ledger as through the CLI's kernel (cliMain.ts): its side files inside the project, what it did not read said (#92).
    const ledger = new ReadLedger();
    const unconfine = confineCommand(args);
    try {
      return await ledger.during(() => privacyCommand(args, { out: writeLine, err: writeError, root: packageRoot(), ledger }));
    } finally {
      unconfine();
    }
  });
}
