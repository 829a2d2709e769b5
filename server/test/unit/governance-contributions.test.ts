import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { defaultSettings } from '../../src/settings';
import { repoRoot, testToday } from '../helpers';
import { TestWorkspace } from '../workspace';

interface Manifest {
  contributes: {
    yamlValidation: { fileMatch: string[]; url: string }[];
    snippets: { language: string; path: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const governance = path.join(repoRoot, 'examples', 'portfolio', 'governance');

/** A snippet body as VS Code inserts it with every placeholder left at its default (first choice). */
function expand(body: string[]): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const variables: Record<string, string> = {
    CURRENT_YEAR: String(testToday.getFullYear()),
    CURRENT_MONTH: pad(testToday.getMonth() + 1),
    CURRENT_DATE: pad(testToday.getDate()),
  };
  let text = body.join('\n');
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$([A-Z_]+)/g, (_, name: string) => variables[name] ?? '');
  }
  return text.replace(/\$\d+/g, '');
}

const indent = (text: string, spaces: number) => text.split('\n').map((l) => (l ? ' '.repeat(spaces) + l : l)).join('\n');

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

  it('its snippets expand into files the checks accept', () => {
    const entry = manifest.contributes.snippets.find((s) => s.path === './snippets/governance-yaml.json');
    assert.equal(entry?.language, 'yaml');
    const snippets = JSON.parse(readFileSync(path.join(repoRoot, entry.path), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
    assert.deepEqual(Object.values(snippets).map((s) => s.prefix), ['raci-activity', 'amdec-risk', 'amdec-action']);
    const raci =
      'kind: raci\nroles:\n  - {id: accountable-role}\n  - {id: responsible-role}\nactivities:\n' + indent(expand(snippets['RACI activity'].body), 2);
    const amdec =
      'kind: amdec\nthreshold: 100\nrisks:\n' +
      indent(expand(snippets['AMDEC risk'].body), 2) +
      '    actions:\n' +
      indent(expand(snippets['AMDEC action'].body), 6) +
      '\n';
    const ws = new TestWorkspace({ 'file:///w/team.raci.yaml': raci, 'file:///w/risks.amdec.yaml': amdec });
    assert.deepEqual(ws.diagnose('file:///w/team.raci.yaml'), [], raci);
    assert.deepEqual(ws.diagnose('file:///w/risks.amdec.yaml'), [], amdec);
    assert.match(amdec, /due: 2026-06-15, status: open\}/);
  });
});
