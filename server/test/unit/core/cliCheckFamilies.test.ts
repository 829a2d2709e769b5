import assert from 'node:assert/strict';
import { familiesFor, type ChosenFamily } from '../../../src/families/check';
import { familyEntries } from '../../../src/families/lazy.generated';
import { families, familyHost } from '../../../src/families/index';
import { defaultSettings } from '../../../src/settings';

describe('archipel check: the families it creates features for', () => {
  it('every family with a feature that says itself which files it reads declares how (its own.reads), and no other does', () => {
    const host = familyHost();
    const declaring = families.filter((family) => family.files && (family.features?.(host) ?? []).some((feature) => feature.takes !== undefined)).map((family) => family.id);
    assert.deepEqual(declaring.sort(), families.filter((family) => family.files && family.own?.reads !== undefined).map((family) => family.id).sort());
    assert.deepEqual(Object.fromEntries(families.filter((family) => family.own?.reads).map((family) => [family.id, family.own?.reads])), {
      ansible: 'beyond-yaml',
      terraform: 'for-own',
      policy: 'for-own',
      helm: 'beyond-yaml',
      system: 'beyond',
      privacy: 'within',
      threats: 'beyond-yaml',
      cost: 'within',
      continuity: 'beyond-yaml',
    });
  });

  it('takes for one rule file the YAML families and those reading beyond their selector, not Terraform nor Dockerfiles', () => {
    const ids = familiesFor(['/work/project/rules.yml'], defaultSettings, families).map((family) => family.id);
    for (const id of ['yaml', 'kubernetes', 'prometheus', 'helm', 'system']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
    for (const id of ['terraform', 'dockerfile', 'mermaid', 'adr']) assert.ok(!ids.includes(id), `${id} not in ${ids.join(', ')}`);
  });

  it('takes Terraform once a .tf file is among the files, and keeps the list order', () => {
    const ids = familiesFor(['/work/project/rules.yml', '/work/project/main.tf'], defaultSettings, families).map((family) => family.id);
    assert.ok(ids.includes('terraform'));
    assert.deepEqual(ids, families.map((family) => family.id).filter((id) => ids.includes(id)));
  });

  it('takes the threats for a Compose file when its context classifies data or tracks threats (the derived risks land on the Compose lines), not otherwise', () => {
    const texts: Record<string, string> = {
      '/w/compose.yaml': 'services:\n  web:\n    image: nginx\n',
      '/w/shop.fides.yml': 'system:\n  - fides_key: web\n',
      '/w/data.yaml': 'dataset:\n  - fides_key: orders\n',
      '/w/risks.amdec.yaml': 'kind: amdec\nrisks:\n  - id: T-01\n    x-threat: missing-vault@*\n',
      '/w/plain.amdec.yaml': 'kind: amdec\nrisks:\n  - id: R-01\n',
    };
    const head = (file: string) => (file in texts ? { text: texts[file], cut: false } : undefined);
    const takes = (files: string[]) => familiesFor(files, defaultSettings, families, head).some((family) => family.id === 'threats');
    assert.equal(takes(['/w/compose.yaml']), false);
    assert.equal(takes(['/w/compose.yaml', '/w/plain.amdec.yaml']), false);
    assert.equal(takes(['/w/compose.yaml', '/w/shop.fides.yml']), true, 'a Fides manifest by its name');
    assert.equal(takes(['/w/compose.yaml', '/w/data.yaml']), true, 'a Fides manifest by its content');
    assert.equal(takes(['/w/compose.yaml', '/w/risks.amdec.yaml']), true, 'a register tracking a threat');
  });

  it('counts each file once per family against the sniff cap (issue #84: 129 YAML files asked twice each, in the beyond-yaml pass and the sniff, passed the 256 cap), then takes the rest as before', () => {
    // A family reading beyond its YAML selector whose sniff takes every candidate and whose own test none (Ansible's light entry before #84).
    let tests = 0;
    const family: ChosenFamily = {
      id: 'beyond',
      features: true,
      files: { sniff: { candidates: { extensions: ['.yml'] }, claims: () => true } },
      own: { reads: 'beyond-yaml', test: () => (tests++, false) },
    };
    const head = () => ({ text: 'groups: []\n', cut: false });
    const chosen = (count: number) => {
      tests = 0;
      const taken = familiesFor(Array.from({ length: count }, (_, i) => `/w/rules/r${i}.rules.yml`), defaultSettings, [family], head).length === 1;
      return [taken, tests];
    };
    assert.deepEqual(chosen(129), [false, 258]);
    assert.deepEqual(chosen(256), [false, 512]);
    // Past 256 distinct files a candidate counts as taken, as without heads.
    assert.deepEqual(chosen(257), [true, 256]);
  });

  it("takes Ansible's light entry (its sniff copied whole) for a playbook among rule files, not for 200 rule files alone", () => {
    const light = familyEntries.filter((entry) => entry.id === 'ansible');
    const head = (file: string) => ({ text: file.endsWith('/play.yml') ? '- hosts: all\n  tasks: []\n' : 'groups:\n- name: a\n  rules: []\n', cut: false });
    const rules = Array.from({ length: 200 }, (_, i) => `/w/rules/r${i}.rules.yml`);
    assert.equal(familiesFor(rules, defaultSettings, light, head).length, 0);
    assert.equal(familiesFor([...rules, '/w/play.yml'], defaultSettings, light, head).length, 1);
  });
});
