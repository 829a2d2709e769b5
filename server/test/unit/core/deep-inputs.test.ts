// Recursion never overflows (issue #67): every walk over a file's content is iterative or counts its
// depth, left-deep chains (`a == b == c …`, `1 + 1 + …`) included; past the bound the family's
// `*-limit` finding (or its reader's refusal) says so, never an internal-error or a RangeError. Each
// case here overflowed the stack (or, for `a and a and …`, took 22 s) before its walker was bounded.
import assert from 'node:assert/strict';
import { brief, diagnose, diagnoseWorkspace } from '../../helpers';
import { MAX_TREE_DEPTH, parseExpression } from '../../../src/workflows/syntax/expression';
import { maxParamsDepth, parseParamsText } from '../../../src/pipeline/paramsFile';
import { evaluateParameter, ParameterError } from '../../../src/validate/parameters';
import { parsePromQL } from '../../../src/promql/parse';

const chain = (term: string, operator: string, count: number) => Array.from({ length: count }, () => term).join(operator);
const workflow = (condition: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    if: \${{ ${condition} }}\n    steps:\n      - run: echo\n`;
const playbook = (when: string) => `- name: Play\n  hosts: all\n  tasks:\n    - name: Task\n      ansible.builtin.debug: {msg: hello}\n      when: ${when}\n`;
const internalErrors = (diagnostics: { code?: unknown; message: string }[]) => diagnostics.filter((d) => d.code === 'internal-error').map((d) => d.message);

describe('deep and chained inputs: every walk is bounded (#67)', function () {
  this.timeout(120_000);

  describe('GitHub Actions expressions', () => {
    it(`a chain of 6,900 == (a left-deep tree GitHub's parser does not count) is one workflows-limit on the expression, not checked`, () => {
      // 20,700 characters: within GitHub's 21,000.
      const text = workflow(chain('a', '==', 6900));
      const diagnostics = diagnose(text, {}, 'file:///work/.github/workflows/ci.yml');
      assert.deepEqual(internalErrors(diagnostics), []);
      const limit = diagnostics.filter((d) => d.code === 'workflows-limit');
      assert.equal(limit.length, 1, diagnostics.map(brief).join(', '));
      assert.equal(limit[0].message, `The expression nests more than ${MAX_TREE_DEPTH} levels deep (each operator of a chain such as a == b == c is one level): it is not checked (a limit of Archipel, docs/limits.md).`);
      assert.equal(limit[0].severity, 2);
      assert.deepEqual(diagnostics.filter((d) => d.code === 'gha-expression-syntax'), []);
    });

    it('chains of < and != too; within the bound a chain is checked (its unknown property found), and && lists stay flat', () => {
      assert.equal(parseExpression(chain('a', ' < ', 5000)).error?.limit, true);
      assert.equal(parseExpression(chain('a', ' != ', 300)).error?.limit, true);
      assert.equal(parseExpression(chain('a', ' == ', 150)).error, undefined);
      // 6,900 operands of && are one node with 6,900 arguments: no depth, each operand checked.
      assert.equal(parseExpression(chain('a', '&&', 6900)).error, undefined);
      const diagnostics = diagnose(workflow(chain('github.reff', ' == ', 100)), {}, 'file:///work/.github/workflows/ci.yml');
      assert.equal(diagnostics.filter((d) => d.code === 'gha-unknown-context').length, 100);
      assert.deepEqual(diagnostics.filter((d) => d.code === 'workflows-limit'), []);
    });
  });

  describe('Ansible (Jinja expressions)', () => {
    it('20,000 `not` and 20,000 unary minus signs are read in a loop: no internal-error, the undefined variable found', () => {
      for (const when of [`${'not '.repeat(20_000)}ghost`, `"${'- '.repeat(20_000)}ghost > 1"`]) {
        const diagnostics = diagnose(playbook(when), {}, 'file:///work/playbook.yml');
        assert.deepEqual(internalErrors(diagnostics), []);
        assert.ok(diagnostics.some((d) => d.code === 'ansible-undefined-variable' && d.message.includes('ghost')), diagnostics.map(brief).join(', '));
      }
    });

    it('a `when` of 10,000 operands joined by `and` on one line is checked once per finding (it read the whole line for each)', () => {
      const diagnostics = diagnose(playbook(chain('ghost', ' and ', 10_000)), {}, 'file:///work/playbook.yml');
      assert.deepEqual(internalErrors(diagnostics), []);
      assert.ok(diagnostics.filter((d) => d.code === 'ansible-undefined-variable').length > 0);
    });
  });

  describe('PromQL', () => {
    it('a sum of 20,000 terms is one prom-limit (a left-deep tree of 20,000 levels)', () => {
      assert.equal(parsePromQL(chain('1', '+', 20_000)).problems[0]?.limit, true);
      const diagnostics = diagnose(`groups:\n- name: g\n  rules:\n  - record: r\n    expr: ${chain('up', ' + ', 20_000)}\n`, {}, 'file:///work/sum.rules.yml');
      assert.deepEqual(internalErrors(diagnostics), []);
      assert.deepEqual(diagnostics.map((d) => d.code), ['prom-limit']);
    });
  });

  describe('params files (JSON and TOML nest as deep as they like; their readers recurse)', () => {
    it(`a params.json nested 100,000 deep is refused past ${maxParamsDepth} levels; within, it is read`, () => {
      const deep = parseParamsText(`{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'params.json');
      assert.deepEqual(deep, { error: `'params.json' nests deeper than ${maxParamsDepth} levels: not read (a limit of Archipel, docs/limits.md).` });
      const toml = parseParamsText(`a = ${'['.repeat(300)}1${']'.repeat(300)}\n`, 'params.toml');
      assert.ok('error' in toml, JSON.stringify(toml));
      assert.ok('values' in parseParamsText(`{"a": ${'['.repeat(150)}1${']'.repeat(150)}}`, 'params.json'));
    });

    it('a dvc.yaml reading that params.json says why it is not read, on the line naming it', () => {
      const files = { 'dvc.yaml': 'vars:\n  - params.json\nstages:\n  s:\n    cmd: run ${a}\n', 'params.json': `{"a": ${'{"b": '.repeat(50_000)}1${'}'.repeat(50_000)}}` };
      const diagnostics = diagnoseWorkspace(files, 'dvc.yaml');
      assert.deepEqual(internalErrors(diagnostics), []);
      assert.ok(diagnostics.some((d) => d.message.includes(`nests deeper than ${maxParamsDepth} levels`)), diagnostics.map((d) => `${brief(d)} ${d.message}`).join('\n'));
    });
  });

  describe('Great Expectations suite parameters', () => {
    it('10,000 nested brackets and a 10,000-long chain of ^ are a ParameterError, not a RangeError', () => {
      for (const expression of [`${'('.repeat(10_000)}1${')'.repeat(10_000)}`, chain('2', '^', 10_000), `${'abs('.repeat(10_000)}1${')'.repeat(10_000)}`]) {
        assert.throws(() => evaluateParameter(expression, {}), (error: unknown) => error instanceof ParameterError && /nests more than 200 levels deep/.test(error.message));
      }
      assert.equal(evaluateParameter(`${'('.repeat(100)}1 + 2${')'.repeat(100)}`, {}), 3);
    });
  });

  describe('what the shape fuzzer found (fuzz-shapes.test.ts)', () => {
    it('YAML: 9,000 `a:` chained in a flow collection (the yaml package nests a mapping for each) is one yaml-limit', () => {
      for (const text of [`args: [${': a'.repeat(9000)}]\n`, `env: {${'a: '.repeat(9000)}b}\n`, `x: [${'"a":'.repeat(9000)}1]\n`]) {
        const diagnostics = diagnose(text, {}, 'file:///work/k8s/deploy.yaml');
        assert.deepEqual(internalErrors(diagnostics), []);
        assert.deepEqual(diagnostics.map((d) => d.code), ['yaml-limit']);
      }
      // Pairs separated by commas are one level each, however many.
      assert.deepEqual(diagnose(`x: [${Array.from({ length: 5000 }, (_, i) => `a${i}: ${i}`).join(', ')}]\n`, {}, 'file:///work/x.yaml').map((d) => d.code), []);
    });

    it('a rule_files pattern of 100 kB (minimatch throws past 64 kB) matches nothing, said as for any pattern', () => {
      const diagnostics = diagnose(`rule_files:\n  - ${'a'.repeat(100_000)}.yml\nscrape_configs: []\n`, {}, 'file:///work/prometheus.yml');
      assert.deepEqual(internalErrors(diagnostics), []);
      assert.ok(diagnostics.some((d) => d.code === 'prom-rule-files'), diagnostics.map(brief).join(', '));
    });
  });

  describe('long sequences (not deep, but read by loops)', () => {
    it('Compose: 50,000 ${A} in a value; DVC: 20,000 ${a} in a command — their findings, no internal-error', () => {
      const compose = diagnose(`services:\n  app:\n    image: "${'${A}'.repeat(50_000)}"\n`, {}, 'file:///work/docker-compose.yml');
      assert.deepEqual(internalErrors(compose), []);
      assert.ok(compose.some((d) => d.code === 'compose-variable'), compose.map(brief).join(', '));
      const dvc = diagnose(`stages:\n  s:\n    cmd: "${'${a}'.repeat(20_000)}"\n`, {}, 'file:///work/dvc.yaml');
      assert.deepEqual(internalErrors(dvc), []);
      assert.deepEqual([...new Set(dvc.map((d) => d.code))], ['pipeline-interpolation']);
    });
  });
});
