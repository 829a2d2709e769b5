/**
 * Runs the CLI with the test family added to the families' list, in its own process (its rule,
 * setting and French string are registered for that process only): `node run.js <cli args...>`.
 * Prints the CLI's output, then one JSON line of what is derived from the extended list.
 */
import { main } from '../../src/cliMain';
import { clientFiles, rulesPage, settingsManifest } from '../../src/families/derived';
import { families, familyFiles, installFamilies } from '../../src/families/index';
import { allRules } from '../../src/rules/registry';
import { normalizeSettings } from '../../src/settings';
import { archipelTestFamily } from './family';

const list = [...families, archipelTestFamily];
installFamilies([archipelTestFamily]);

void (async () => {
  let out = '';
  const code = await main(process.argv.slice(2), (text) => (out += text + '\n'), list);
  const derived = {
    code,
    out,
    client: clientFiles(list),
    rulesRow: rulesPage('| rule | default | what it checks |\n|---|---|---|\n', list, allRules()).split('\n').find((line) => line.includes('archipel-test-word')),
    settings: normalizeSettings({ archipelTest: { word: 'FIXME' } }).archipelTest,
    declared: ((manifest) => ({ schema: manifest.properties['archipel.archipelTest.word'], strings: Object.keys(manifest.strings).filter((key) => key.includes('archipelTest')).map((key) => manifest.strings[key]) }))(settingsManifest(list)),
    selects: familyFiles(undefined, list).selects('/w/notes.ARCHIPEL-TEST.yaml'),
  };
  process.stdout.write(`${JSON.stringify(derived)}\n`);
})();
