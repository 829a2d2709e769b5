// The kernel's French catalogues (l10n/fr.ts, fr-cli.ts) are read when a French text is first asked for
// (l10n/french.lazy.ts, issue #68): a process speaking English never reads them, and the families' catalogues added
// before that keep their place after the kernel's (an English text already translated keeps its first translation).
// In a process of its own: the catalogues are the process's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fr } from '../../../src/l10n/fr';

describe('the kernel\'s French, read on the first French text (issue #68)', () => {
  it('not read in English; once read, the kernel\'s translations first, then the families\' in the order they were added', () => {
    const [kernelText, kernelFrench] = Object.entries(fr)[0];
    const script = `const l10n = require(${JSON.stringify(require.resolve('../../../src/l10n/t'))});
const read = () => Object.keys(require.cache).some((file) => /french\\.lazy\\.js$/.test(file));
l10n.addCatalogue('fr', { [${JSON.stringify(kernelText)}]: 'family A', 'only in families': 'A' });
l10n.addCatalogue('fr', { 'only in families': 'B', 'only in B': 'B' });
const english = [l10n.t(${JSON.stringify(kernelText)}), read()];
l10n.setLanguage('fr');
const french = [l10n.t(${JSON.stringify(kernelText)}), l10n.t('only in families'), l10n.t('only in B'), read()];
l10n.addCatalogue('fr', { 'added after': 'C', 'only in B': 'C' });
process.stdout.write(JSON.stringify({ english, french, after: [l10n.t('added after'), l10n.t('only in B')] }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), { english: [kernelText, false], french: [kernelFrench, 'A', 'B', true], after: ['C', 'B'] });
  });
});
