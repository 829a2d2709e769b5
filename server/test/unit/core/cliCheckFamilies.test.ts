import assert from 'node:assert/strict';
import { READ_BEYOND_FOR_THEIR_OWN, READ_BEYOND_THEIR_SELECTOR, TAKE_WITHIN_THEIR_SELECTOR, familiesFor } from '../../../src/families/check';
import { families, familyHost } from '../../../src/families/index';
import { defaultSettings } from '../../../src/settings';

describe('archipel check: the families it creates features for', () => {
  it('lists every family with a feature that says itself which files it reads', () => {
    const host = familyHost();
    const declaring = families.filter((family) => family.files && (family.features?.(host) ?? []).some((feature) => feature.takes !== undefined)).map((family) => family.id);
    assert.deepEqual(declaring.sort(), [...READ_BEYOND_THEIR_SELECTOR, ...READ_BEYOND_FOR_THEIR_OWN, ...TAKE_WITHIN_THEIR_SELECTOR].sort());
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
});
