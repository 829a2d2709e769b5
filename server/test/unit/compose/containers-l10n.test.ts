// The containers families in French: every text their code gives to t() and every rule
// description is in their catalogue (compose/fr.ts, dockerfile/fr.ts), with the same placeholders.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { frCompose } from '../../../src/compose/fr';
import { composeRules } from '../../../src/compose/rules';
import { frDockerfile } from '../../../src/dockerfile/fr';
import { buildkit, dockerfileRules, hadolint } from '../../../src/dockerfile/rules';
import { repoRoot } from '../../helpers';

function literals(folder: string): string[] {
  const found: string[] = [];
  const files = readdirSync(path.join(repoRoot, folder)).filter((name) => name.endsWith('.ts')).map((name) => path.join(folder, name));
  // The Compose stack diagram speaks with the Compose family's words.
  if (folder.endsWith('compose')) files.push('server/src/compose/diagram.ts');
  for (const file of files) {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) found.push(JSON.parse(`"${match[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
  }
  return found;
}

const placeholders = (text: string) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

describe('Containers: English and French', () => {
  for (const [folder, catalogue, rules] of [
    ['server/src/compose', frCompose, Object.values(composeRules)],
    ['server/src/dockerfile', frDockerfile, [...Object.values(hadolint), ...Object.values(buildkit), ...Object.values(dockerfileRules)]],
  ] as const) {
    it(`${folder}: every message and rule description has its French, with the same placeholders`, () => {
      const texts = [...literals(folder), ...rules.map((r) => r.description)];
      assert.deepEqual(texts.filter((text) => catalogue[text] === undefined), []);
      for (const [english, french] of Object.entries(catalogue)) assert.deepEqual(placeholders(french), placeholders(english), english);
    });
  }
});
