// The families' light entries (families/lazy.generated.ts, issue #68): what `archipel check` chooses its
// families by before loading any. Derived from the list by scripts/gen-families.mjs (families.test.ts fails
// while the file is stale); here, each entry says of its family what the descriptor says.
import assert from 'node:assert/strict';
import { lazyFamiliesSource } from '../../../src/families/derived';
import { familiesFor } from '../../../src/families/check';
import type { Family } from '../../../src/families/descriptor';
import { families } from '../../../src/families/index';
import { familyEntries } from '../../../src/families/lazy.generated';
import { filesOf } from '../../../src/families/select';
import { defaultSettings } from '../../../src/settings';

/** Paths every family's selector is asked about: the entry's must answer as the descriptor's. */
const PATHS = [
  '/w/Dockerfile', '/w/api.Dockerfile', '/w/compose.yaml', '/w/docker-compose.prod.yml', '/w/k8s/deploy.yaml', '/w/Makefile', '/w/run.sh',
  '/w/.github/workflows/ci.yml', '/w/action.yml', '/w/rules/alerts.rules.yml', '/w/prometheus.yml', '/w/dashboards/api.json', '/w/x.json',
  '/w/main.tf', '/w/vars.tfvars', '/w/chart/Chart.yaml', '/w/chart/templates/deploy.yaml', '/w/roles/web/tasks/main.yml', '/w/hosts',
  '/w/docs/adr/0001-use-x.md', '/w/README.md', '/w/flow.mmd', '/w/dvc.yaml', '/w/suite.expectations.json', '/w/Pulumi.yaml', '/w/model.dsl',
];

describe('the families\' light entries (lazy.generated.ts)', () => {
  it('list every family in the list\'s order, each with its selector, section, features, system contribution and commands', () => {
    assert.deepEqual(familyEntries.map((entry) => entry.id), families.map((family) => family.id));
    for (const [i, family] of families.entries()) {
      const entry = familyEntries[i];
      assert.equal(entry.features, family.features !== undefined, family.id);
      assert.equal(entry.system, family.system !== undefined, family.id);
      assert.deepEqual(entry.commands, (family.commands ?? []).flatMap((command) => command.names), family.id);
      assert.equal(entry.settings?.section, family.settings?.section, family.id);
      if (family.settings) assert.deepEqual(entry.settings?.defaults, family.settings.normalize(family.settings.defaults), family.id);
      const light = filesOf(defaultSettings, [entry]);
      const full = filesOf(defaultSettings, [family]);
      for (const path of PATHS) assert.equal(light.match(path), full.match(path), `${family.id}: ${path}`);
    }
  });

  it('sniff as the descriptors do (a sniff naming only its argument is copied; another claims every candidate)', () => {
    const heads = ['groups:\n  - name: a\n', '{"panels": [], "schemaVersion": 39}', '- hosts: all\n  tasks: []\n', 'apiVersion: v1\nkind: Pod\n'];
    for (const [i, family] of families.entries()) {
      if (!family.files?.sniff) continue;
      const light = filesOf(defaultSettings, [familyEntries[i]]);
      const full = filesOf(defaultSettings, [family]);
      for (const head of heads) {
        const copied = light.claims('/w/x.yaml', head);
        // A claim the light entry makes without the descriptor's code may only be wider (the family is loaded to decide).
        if (full.claims('/w/x.yaml', head)) assert.ok(copied, `${family.id} claims ${JSON.stringify(head)}`);
      }
    }
  });

  it('load each family\'s own descriptor, and its French catalogue alone', async () => {
    for (const [i, entry] of familyEntries.entries()) {
      assert.equal(await entry.load(), families[i]);
      assert.equal(await entry.french?.(), families[i].french, entry.id);
    }
  });

  it('choose for one file what the descriptors choose (without reading it)', () => {
    for (const file of PATHS) {
      assert.deepEqual(
        familiesFor([file], defaultSettings, familyEntries).map((entry) => entry.id),
        familiesFor([file], defaultSettings, families).map((family) => family.id),
        file,
      );
    }
  });

  it('are written from the list, a selector holding a function other than its sniff refused', () => {
    const modules = new Map(families.map((family) => [family.id, { module: family.id, name: `${family.id}Family`, french: { name: 'fr', from: `../${family.id}/fr` }, own: { name: `${family.id}Own`, from: `../${family.id}/files` } }]));
    const source = lazyFamiliesSource(families, modules, () => true);
    // A family's `own` is imported from its files.ts (its test names helpers); one holding data alone is written out.
    assert.ok(source.includes("import { raciOwn } from '../raci/files';\n"), source.slice(0, 800));
    assert.ok(source.includes("{ id: 'raci', files: { extensions: ['.yaml', '.yml'] }, own: raciOwn,"), source);
    const withoutOwn = new Map([...modules].map(([id, where]) => [id, { module: where.module, name: where.name, french: where.french }]));
    assert.throws(() => lazyFamiliesSource(families, withoutOwn, () => true), /family kubernetes: its own\.test is not imported by name/);
    const ownData: Family = { id: 'quiet', title: 'Quiet', own: { silent: true } };
    assert.ok(lazyFamiliesSource([ownData], new Map([['quiet', { module: 'quiet', name: 'quietFamily' }]]), () => true).includes("own: { silent: true }"));
    assert.throws(() => lazyFamiliesSource(families, new Map(families.map((family) => [family.id, { module: family.id, name: `${family.id}Family` }])), () => true), /its French catalogue is not imported by name/);
    assert.ok(source.includes("{ id: 'dockerfile', files: { names: ['Dockerfile', 'Containerfile']"), source.slice(0, 400));
    const odd: Family = { id: 'odd', title: 'Odd', files: { extensions: ['.odd'], sniff: { candidates: { extensions: ['.odd'] }, claims: () => true } } };
    assert.ok(lazyFamiliesSource([odd], new Map([['odd', { module: 'odd', name: 'oddFamily' }]]), () => false).includes('claims: () => true'));
    const broken = { ...odd, files: { extensions: ['.odd'], match: () => true } } as unknown as Family;
    assert.throws(() => lazyFamiliesSource([broken], new Map([['odd', { module: 'odd', name: 'oddFamily' }]]), () => true), /a selector holds a function other than sniff\.claims/);
    assert.throws(() => lazyFamiliesSource([odd], new Map(), () => true), /family odd: no module/);
  });
});
