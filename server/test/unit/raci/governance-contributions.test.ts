import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import '../../../src/families/index';
import { allRules } from '../../../src/rules/registry';
import { defaultSettings } from '../../../src/settings';
import { repoRoot } from '../../helpers';

interface Manifest {
  contributes: {
    yamlValidation: { fileMatch: string[]; url: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const governance = path.join(repoRoot, 'examples', 'portfolio', 'governance');

describe('governance contributions', () => {
  it('contributes the RACI and AMDEC schemas through yamlValidation; each has an $id and accepts the examples', () => {
    const bySchema = new Map(manifest.contributes.yamlValidation.map((v) => [v.url, v.fileMatch]));
    assert.deepEqual(bySchema.get('./schemas/governance/raci.schema.json'), ['*.raci.yaml', '*.raci.yml']);
    assert.deepEqual(bySchema.get('./schemas/governance/amdec.schema.json'), ['*.amdec.yaml', '*.amdec.yml', '*.fmea.yaml', '*.fmea.yml']);
    const examples: Record<string, string> = {
      './schemas/governance/raci.schema.json': 'governance.raci.yaml',
      './schemas/governance/amdec.schema.json': 'risks.amdec.yaml',
    };
    for (const [url, example] of Object.entries(examples)) {
      const schema = JSON.parse(readFileSync(path.join(repoRoot, url), 'utf8')) as { $id: string };
      assert.match(schema.$id, /^urn:archipel:schema:(raci|amdec)$/);
      // A standalone validator (as the YAML extension uses it) accepts the example, and rejects a typo.
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      const value = parse(readFileSync(path.join(governance, example), 'utf8')) as Record<string, unknown>;
      assert.ok(validate(value), JSON.stringify(validate.errors));
      assert.equal(validate({ ...value, titel: 'x' }), false);
    }
  });

  it('declares the RACI settings with the server\'s defaults', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.equal(properties['archipel.raci.loneAccountableIsResponsible'].default, defaultSettings.raci.loneAccountableIsResponsible);
    assert.equal(properties['archipel.raci.maxLoad'].default, defaultSettings.raci.maxLoad);
  });

  it('every raci-/amdec- rule is in the rules table of docs/rules.md and exercised by the unit tests', () => {
    const rulesPage = readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
    const tests = [['raci', 'raci.test.ts'], ['amdec', 'amdec.test.ts']].map(([family, f]) => readFileSync(path.join(repoRoot, 'server', 'test', 'unit', family, f), 'utf8')).join('\n');
    const ids = allRules().map((r) => r.id).filter((id) => /^(raci|amdec)-/.test(id));
    assert.equal(ids.length, 25);
    for (const id of ids) {
      assert.ok(rulesPage.includes(`| \`${id}\` |`), `${id} is not in docs/rules.md`);
      assert.ok(tests.includes(`'${id}`), `${id} has no unit test`);
    }
  });
});
