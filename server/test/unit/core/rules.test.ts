import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { allRules } from '../../../src/rules/registry';
import { normalizeSettings } from '../../../src/settings';
import '../../../src/service';
import { brief, diagnose } from '../../helpers';

const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n';

describe('rule configuration', () => {
  it('every rule has a stable kebab-case id, a default severity and a description', () => {
    const rules = allRules();
    assert.ok(rules.length >= 6);
    for (const rule of rules) {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(['error', 'warning', 'information', 'hint', 'off'].includes(rule.defaultSeverity), rule.id);
      // A rule off by default is opt-in, and says so (the README and `archipel rules` show it).
      if (rule.defaultSeverity === 'off') assert.match(rule.description, /^Opt-in/, rule.id);
      assert.ok(rule.description.length > 20, rule.id);
    }
  });

  it('a per-rule setting changes the severity or turns the rule off', () => {
    assert.equal(diagnose(bad, { rules: { 'k8s-schema': 'warning' } })[0].severity, DiagnosticSeverity.Warning);
    assert.deepEqual(diagnose(bad, { rules: { 'k8s-schema': 'off' } }), []);
  });

  it('# archipel-ignore on the line or on a comment line above suppresses that rule only', () => {
    assert.deepEqual(diagnose(bad.replace('datas: {}', 'datas: {} # archipel-ignore k8s-schema')), []);
    assert.deepEqual(diagnose(bad.replace('datas: {}', '# archipel-ignore k8s-schema\ndatas: {}')), []);
    assert.deepEqual(diagnose(bad.replace('datas: {}', '# archipel-ignore yaml-syntax, k8s-schema\n# why: generated\ndatas: {}')), []);
    assert.deepEqual(diagnose(bad.replace('datas: {}', '# archipel-ignore yaml-syntax\ndatas: {}')).map(brief), ['5:0-5:5 k8s-schema']);
    // A comment separated by a content line does not reach.
    assert.equal(diagnose(bad.replace('  name: c', '  name: c # archipel-ignore k8s-schema')).length, 1);
  });

  it('normalizeSettings keeps well-formed values only', () => {
    const settings = normalizeSettings({ rules: { 'k8s-schema': 'warning', other: 'loud' }, kubernetes: { version: 'latest' }, validation: { maxFileSizeKb: -1 } });
    assert.deepEqual(settings.rules, { 'k8s-schema': 'warning' });
    assert.equal(settings.kubernetes.version, '1.36');
    assert.equal(settings.validation.maxFileSizeKb, 4096);
    assert.equal(settings.validation.scope, 'workspace');
    assert.equal(normalizeSettings({ validation: { scope: 'openFiles' } }).validation.scope, 'openFiles');
    assert.equal(normalizeSettings({ validation: { scope: 'everything' } }).validation.scope, 'workspace');
  });
});
