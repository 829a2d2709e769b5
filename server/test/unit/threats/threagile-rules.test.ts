// Threagile's own rule tests (pkg/risks/builtin/*_test.go, MIT), as data in
// server/test/fixtures/threagile/rule-cases.json: every case of the ten rules the issue names, run on
// the port (threats/threagile/rules.ts), gives Threagile's risks — same synthetic ids, titles (tags
// stripped), likelihood, impact, severity, breach probability and breached assets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommunicationLink, DataAsset, TechnicalAsset, ThreatModel, TrustBoundary } from '../../../src/threats/threagile/model';
import { readThreagileModel } from '../../../src/threats/threagile/read';
import { riskCategories } from '../../../src/threats/threagile/rules';
import { ModelIndex } from '../../../src/threats/threagile/model';
import { repoRoot } from '../../helpers';

interface Case {
  test: string;
  model: {
    technical_assets?: Record<string, Record<string, unknown>>;
    data_assets?: Record<string, Record<string, unknown>>;
    trust_boundaries?: Record<string, Record<string, unknown>>;
    shared_runtimes?: Record<string, Record<string, unknown>>;
    communication_links?: Record<string, unknown>[];
  };
  risks: Record<string, unknown>[];
}

const cases = JSON.parse(readFileSync(path.join(repoRoot, 'server/test/fixtures/threagile/rule-cases.json'), 'utf8')) as {
  defaults: Record<string, string>;
  rules: Record<string, { meta: { stride: string; cwe: number }; cases: Case[] }>;
};
const d = cases.defaults;

/** A case's facts as the port's model: omitted fields are Threagile's zero values. */
function modelOf(facts: Case['model']): ThreatModel {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const assets = new Map<string, TechnicalAsset>();
  for (const [key, a] of Object.entries(facts.technical_assets ?? {})) {
    assets.set(key, {
      key, id: str(a.id, key), title: str(a.title, ''), type: str(a.type, d.type), usage: str(a.usage, d.usage), internet: a.internet === true, machine: str(a.machine, d.machine),
      encryption: str(a.encryption, d.encryption), confidentiality: str(a.confidentiality, d.confidentiality) as TechnicalAsset['confidentiality'],
      integrity: str(a.integrity, d.integrity) as TechnicalAsset['integrity'], availability: str(a.availability, d.availability) as TechnicalAsset['availability'],
      multiTenant: a.multi_tenant === true, outOfScope: a.out_of_scope === true, customDevelopedParts: a.custom_developed_parts === true,
      technologies: (a.technologies as TechnicalAsset['technologies'] | undefined)?.map((t) => ({ name: t.name, attributes: t.attributes ?? {} })) ?? [],
      dataProcessed: list(a.data_assets_processed), dataStored: list(a.data_assets_stored), tags: list(a.tags), raa: typeof a.raa === 'number' ? a.raa : 0,
      ...(Array.isArray(a.data_formats_accepted) ? { dataFormatsAccepted: list(a.data_formats_accepted) } : {}), redundant: a.redundant === true,
    });
  }
  const data = new Map<string, DataAsset>();
  for (const [key, a] of Object.entries(facts.data_assets ?? {})) {
    data.set(key, { key, id: str(a.id, key), title: str(a.title, ''), confidentiality: str(a.confidentiality, d.confidentiality) as DataAsset['confidentiality'], integrity: str(a.integrity, d.integrity) as DataAsset['integrity'], availability: str(a.availability, d.availability) as DataAsset['availability'] });
  }
  const boundaries = new Map<string, TrustBoundary>();
  for (const [key, b] of Object.entries(facts.trust_boundaries ?? {})) {
    boundaries.set(key, { key, id: str(b.id, key), title: str(b.title, ''), type: str(b.type, ''), assetsInside: list(b.technical_assets_inside), nested: list(b.trust_boundaries_nested) });
  }
  const links: CommunicationLink[] = (facts.communication_links ?? []).map((l) => ({
    id: str(l.id, ''), title: str(l.title, ''), source: str(l.source, ''), target: str(l.target, ''), protocol: str(l.protocol, d.protocol), authentication: str(l.authentication, d.authentication),
    vpn: l.vpn === true, readonly: l.readonly === true, usage: str(l.usage, d.usage), dataSent: list(l.data_assets_sent), dataReceived: list(l.data_assets_received),
    ...(typeof l.authorization === 'string' ? { authorization: l.authorization } : {}), ipFiltered: l.ip_filtered === true,
  }));
  const sharedRuntimes = new Map(Object.entries(facts.shared_runtimes ?? {}).map(([key, r]) => [key, { key, id: str(r.id, key), title: str(r.title, ''), assetsRunning: list(r.technical_assets_running) }]));
  return { assets, data, links, boundaries, sharedRuntimes };
}

const stripTags = (title: unknown) => String(title).replace(/<\/?[bu]>/g, '');

describe('threats: Threagile rule tests ported (rule-cases.json)', () => {
  for (const category of riskCategories) {
    const rule = cases.rules[category.id];
    it(`${category.id}: STRIDE and CWE as Threagile's`, () => {
      assert.equal(category.stride, rule.meta.stride);
      assert.equal(category.cwe, rule.meta.cwe);
    });
    it(`${category.id}: ${rule.cases.length} cases, same verdicts`, () => {
      let withRisks = 0;
      for (const c of rule.cases) {
        const got = category.generate(new ModelIndex(modelOf(c.model))).map((r) => ({
          synthetic_id: r.syntheticId, title: r.title, severity: r.severity, exploitation_likelihood: r.likelihood, exploitation_impact: r.impact,
          data_breach_probability: r.breachProbability, data_breach_technical_assets: [...r.breachAssets].sort(),
        }));
        const expected = c.risks.map((r) => ({
          synthetic_id: r.synthetic_id, title: stripTags(r.title), severity: r.severity, exploitation_likelihood: r.exploitation_likelihood, exploitation_impact: r.exploitation_impact,
          data_breach_probability: r.data_breach_probability, data_breach_technical_assets: [...((r.data_breach_technical_assets as string[] | undefined) ?? [])].sort(),
        }));
        const key = (r: object) => JSON.stringify(r);
        assert.deepEqual(got.map(key).sort(), expected.map(key).sort(), c.test);
        if (expected.length > 0) withRisks++;
      }
      assert.ok(withRisks > 0, 'some case of the rule gives a risk');
    });
  }
});

describe("threats: a threagile.yaml's own facts for the rules of issue #78 (threagile/read.ts)", () => {
  it('shared runtimes, link authorization, accepted data formats, redundancy and IP filtering are read', () => {
    const { model } = readThreagileModel([
      'technical_assets:',
      '  Web:',
      '    id: web',
      '    data_formats_accepted: [serialization]',
      '    communication_links:',
      '      Calls:',
      '        target: api',
      '        authorization: end-user-identity-propagation',
      '        ip_filtered: true',
      '  Api:',
      '    id: api',
      '    redundant: true',
      'trust_boundaries:',
      '  A: {id: a, type: network-cloud-provider, technical_assets_inside: [web]}',
      '  B: {id: b, type: network-cloud-provider, technical_assets_inside: [api]}',
      'shared_runtimes:',
      '  Host: {id: host, technical_assets_running: [web, api]}',
    ].join('\n'), () => []);
    assert.deepEqual(model.links.map((l) => [l.authorization, l.ipFiltered]), [['end-user-identity-propagation', true]]);
    assert.deepEqual([model.assets.get('web')?.dataFormatsAccepted, model.assets.get('api')?.redundant], [['serialization'], true]);
    const index = new ModelIndex(model);
    const ids = riskCategories.flatMap((c) => c.generate(index)).map((r) => `${r.syntheticId} ${r.severity}`);
    assert.deepEqual(ids.filter((id) => /^(mixed-targets|missing-identity-store|untrusted-deserialization)/.test(id)), [
      'mixed-targets-on-shared-runtime@host low',
      'missing-identity-store@api low',
      'untrusted-deserialization@web elevated',
    ]);
  });
});
