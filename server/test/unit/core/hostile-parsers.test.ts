// Inputs whose checking grew faster than their size (issue #50) are refused past a limit, said on the
// place the limit is passed, and what is within the limit is checked as before. No clock: before
// the limits, each case here held mocha far past its timeout (40 s, minutes).
import assert from 'node:assert/strict';
import { brief, diagnose } from '../../helpers';
import { cutValue, maxValueChars } from '../../../src/engines/experiments/mlflowStore';
import { MAX_PROMQL_DEPTH, parsePromQL } from '../../../src/promql/parse';
import { MAX_VALIDATED_INSTRUCTIONS } from '../../../src/dockerfile/feature';
import { readTemplate } from '../../../src/prometheus/template';

const rules = (expr: string) => `groups:\n- name: g\n  rules:\n  - alert: A\n    expr: ${expr}\n`;

describe('hostile inputs to the parsers (#50)', function () {
  this.timeout(120_000);

  describe('PromQL', () => {
    it('1,500 nested parentheses: one prom-limit on the bracket past the limit, nothing else', () => {
      const diagnostics = diagnose(rules(`${'('.repeat(1500)}up${')'.repeat(1500)}`), {}, 'file:///work/deep.rules.yml');
      const column = 10 + MAX_PROMQL_DEPTH;
      assert.deepEqual(diagnostics.map(brief), [`4:${column}-4:${column + 1} prom-limit`]);
      assert.equal(diagnostics[0].message, 'expression nests more than 128 levels deep: not checked (a limit of Archipel, docs/limits.md)');
      assert.equal(diagnostics[0].severity, 2);
    });

    it('a sum of 2,000 terms (a left-deep tree) and 1,500 nested function calls are refused; 100 nested parentheses are checked', () => {
      assert.equal(parsePromQL(Array.from({ length: 2000 }, () => 'up').join(' + ')).problems[0]?.limit, true);
      assert.equal(parsePromQL(`${'abs('.repeat(1500)}up${')'.repeat(1500)}`).problems[0]?.limit, true);
      assert.deepEqual(parsePromQL(`${'('.repeat(100)}up${')'.repeat(100)}`).problems, []);
      // Brackets in strings do not count.
      assert.deepEqual(parsePromQL(`label_replace(up, "a", "${'('.repeat(300)}", "b", "c")`).problems, []);
    });

    it('within the limit, a real error is still the parser\'s', () => {
      assert.deepEqual(diagnose(rules('sum(rate(x[5m])'), {}, 'file:///work/a.rules.yml').map((d) => d.code), ['prom-promql']);
    });

    it('Go templates: 20,000 nested {{if}} is one limit, not checked; within it, {{break}} outside {{range}} is Go\'s error', () => {
      const text = '{{ if true }}'.repeat(20_000) + '{{ break }}'.repeat(3) + '{{ end }}'.repeat(20_000);
      assert.deepEqual(readTemplate(text).problems.map((p) => [p.message, p.limit]), [['nested more than 200 levels deep', true]]);
      const shallow = '{{ if true }}'.repeat(150) + '{{ break }}' + '{{ end }}'.repeat(150);
      assert.deepEqual(readTemplate(shallow).problems.map((p) => p.message), ['{{break}} outside {{range}}']);
      assert.deepEqual(readTemplate('{{ range $labels }}{{ if true }}{{ break }}{{ end }}{{ end }}').problems, []);
    });
  });

  describe('Dockerfiles', () => {
    it(`more than ${MAX_VALIDATED_INSTRUCTIONS} instructions: dockerfile-utils' checks are not run, one dockerfile-limit says so, the other checks run`, () => {
      const text = `FROM alpine\nARG A0=x\n${Array.from({ length: 10_000 }, (_, i) => `ARG A${i + 1}=\${A${i}}y\n`).join('')}`;
      const diagnostics = diagnose(text, {}, 'file:///work/Dockerfile');
      const limit = diagnostics.filter((d) => d.code === 'dockerfile-limit');
      assert.deepEqual(limit.map(brief), ['0:0-0:0 dockerfile-limit']);
      assert.equal(limit[0].message, "This Dockerfile has 10002 instructions, more than the 1000 dockerfile-utils' syntax checks are run on (a limit of Archipel, docs/limits.md): the other checks ran.");
      // hadolint's DL3006 (an untagged FROM) still runs.
      assert.ok(diagnostics.some((d) => d.code === 'dl3006'), diagnostics.map((d) => d.code).join(', '));
      assert.deepEqual(diagnose('FROM alpine:3.20\nRUN echo hi\n', {}, 'file:///work/Dockerfile').filter((d) => d.code === 'dockerfile-limit'), []);
    });
  });

  describe('Grafana dashboards', () => {
    it('a JSON dashboard nested 100,000 deep is one grafana-limit where it passes 200 levels', () => {
      const text = `{"schemaVersion": 39, "panels": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`;
      const diagnostics = diagnose(text, {}, 'file:///work/dashboards/deep.json');
      assert.deepEqual(diagnostics.map(brief), ['0:230-0:231 grafana-limit']);
      assert.match(diagnostics[0].message, /nests more than 200 levels deep/);
    });
  });

  describe('MLflow values', () => {
    it(`a value over ${maxValueChars} characters is cut, its length said; a shorter one is itself`, () => {
      assert.equal(cutValue('0.1'), '0.1');
      const cut = cutValue('v'.repeat(maxValueChars), 10_000_000);
      assert.equal(cut, `${'v'.repeat(maxValueChars)}… (cut: 10,000,000 characters in all)`);
      assert.equal(cutValue('w'.repeat(maxValueChars + 1)).length, maxValueChars + ' (cut: 1,001 characters in all)'.length + 1);
    });
  });
});
