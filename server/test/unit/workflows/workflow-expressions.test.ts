import * as assert from 'node:assert/strict';
import { parseAllDocuments, type Node } from 'yaml';
import { lex, parseExpression } from '../../../src/workflows/syntax/expression';
import { references } from '../../../src/workflows/syntax/expressionTree';
import { embeddedExpressions, scalarText } from '../../../src/workflows/syntax/scalar';
import { check, expectAt, expectNone, workflow } from '../../workflowHelpers';

/** The string scalar value of `key` in a one-key YAML document, with its offsets. */
function valueOf(yaml: string) {
  const [doc] = parseAllDocuments(yaml);
  const node = (doc.contents as { items: { value: Node }[] }).items[0].value;
  const text = scalarText(node, yaml);
  assert.ok(text);
  return text;
}

describe('workflow expressions', () => {
  describe('lexer and parser', () => {
    it('lexes GitHub tokens with their positions', () => {
      const tokens = lex("github.event_name == 'push' && !cancelled()");
      assert.deepEqual(
        tokens.map((t) => `${t.kind}@${t.start}-${t.end}`),
        ['identifier@0-6', '.@6-7', 'identifier@7-17', '==@18-20', 'string@21-27', '&&@28-30', '!@31-32', 'identifier@32-41', '(@41-42', ')@42-43', 'eof@43-43'],
      );
    });

    it('reads numbers, escaped strings, hyphenated identifiers and star filters', () => {
      const tokens = lex("0x1F -2.5e3 'it''s' steps.my-step.outputs github.event.*.name");
      assert.equal(tokens[0].value, 31);
      assert.equal(tokens[1].value, -2500);
      assert.equal(tokens[2].value, "it's");
      assert.ok(tokens.some((t) => t.kind === 'identifier' && t.text === 'my-step'));
      assert.ok(tokens.some((t) => t.kind === '*'));
    });

    it('parses with GitHub precedence: && binds tighter than ||', () => {
      const { expr } = parseExpression('a || b && c');
      assert.equal(expr?.kind, 'logical');
      assert.equal(expr?.kind === 'logical' && expr.op, '||');
      assert.equal(expr?.kind === 'logical' && expr.args[1].kind, 'logical');
    });

    it('reports the exact position of a syntax error', () => {
      assert.deepEqual(pick(parseExpression('a == ')), { message: "Unexpected end of expression after '=='.", start: 2, end: 4 });
      assert.deepEqual(pick(parseExpression('a = b')), { message: "Unexpected symbol '='.", start: 2, end: 3 });
      assert.deepEqual(pick(parseExpression("'open")), { message: "Unterminated string: add the closing ' (quote a ' inside a string as '').", start: 0, end: 5 });
      assert.deepEqual(pick(parseExpression('f(a,, b)')), { message: "Unexpected symbol ','.", start: 4, end: 5 });
      assert.deepEqual(pick(parseExpression('a b')), { message: "Unexpected symbol 'b'.", start: 2, end: 3 });
    });

    it('lists the reference chains of an expression, index literals included', () => {
      const { expr } = parseExpression("needs.build.outputs['image-tag'] && matrix[inputs.key] || github.event.commits[0].message");
      assert.ok(expr);
      assert.deepEqual(
        references(expr).map((r) => r.segments.map((s) => s.name).join('.')),
        ['needs.build.outputs.image-tag', 'matrix', 'inputs.key', 'github.event.commits.*.message'],
      );
    });
  });

  describe('positions in YAML scalars', () => {
    it('maps value characters back to the source of plain, quoted and block scalars', () => {
      for (const yaml of ['k: a ${{ x }}\n', 'k: "a ${{ x }}"\n', "k: 'a ${{ x }}'\n", 'k: |\n  a ${{ x }}\n', 'k: >-\n  a\n  ${{ x }}\n']) {
        const text = valueOf(yaml);
        const at = text.value.indexOf('x');
        assert.equal(yaml[text.offsets[at]], 'x', yaml);
      }
    });

    it('follows escapes in double-quoted scalars and CRLF line ends', () => {
      const escaped = valueOf('k: "\\t${{ a }}"\n');
      assert.equal('k: "\\t${{ a }}"\n'[escaped.offsets[escaped.value.indexOf('a')]], 'a');
      const crlf = 'k: |\r\n  one\r\n  ${{ b }}\r\n';
      const text = valueOf(crlf);
      assert.equal(crlf[text.offsets[text.value.indexOf('b')]], 'b');
    });

    it('finds ${{ }} like GitHub: the first }} outside a quoted string closes it', () => {
      assert.deepEqual(
        embeddedExpressions("a ${{ format('}}', x) }} b ${{ y").map((e) => [e.inner, e.closed]),
        [[" format('}}', x) ", true], [' y', false]],
      );
    });
  });

  describe('gha-expression-syntax', () => {
    it('reports an unclosed ${{ on its opening braces', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.ref
`);
      const d = expectAt(check(text), 'gha-expression-syntax', text, '${{');
      assert.match(d.message, /not closed/);
    });

    it('reports a bad operator on the operator itself', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.ref = 'main' }}
`);
      expectAt(check(text), 'gha-expression-syntax', text, '=');
    });

    it('reports a syntax error inside a multi-line if: at the exact line and column', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo
        if: >-
          github.event_name == 'push' &&
          (github.ref == 'refs/heads/main' ||
`);
      const d = expectAt(check(text), 'gha-expression-syntax', text, '||');
      assert.match(d.message, /Unexpected end of expression/);
    });

    it('accepts well-formed expressions', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ format('{0}-{1}', github.ref, github.sha) }} \${{ 1 <= 2 && !false }}
`);
      expectNone(check(text), 'gha-expression-syntax');
    });
  });

  describe('gha-unknown-context', () => {
    it('reports an unknown context with a suggestion', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ githb.ref }}
`);
      const d = expectAt(check(text), 'gha-unknown-context', text, 'githb');
      assert.match(d.message, /Did you mean "github"\?/);
    });

    it('reports a property the github, runner, job and strategy contexts do not have', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.refname }} \${{ runner.arch }} \${{ runner.cpu }}
`);
      const diagnostics = check(text);
      const d = expectAt(diagnostics, 'gha-unknown-context', text, 'refname');
      assert.match(d.message, /Did you mean "ref_name"\?/);
      expectAt(diagnostics, 'gha-unknown-context', text, 'cpu');
      assert.equal(diagnostics.filter((x) => x.code === 'gha-unknown-context').length, 2);
    });

    it('knows gitea only in Gitea mode, and says why elsewhere', () => {
      const text = workflow(`  build:
    runs-on: docker
    steps:
      - run: echo \${{ gitea.ref }} \${{ github.event.pull_request.number }}
`);
      const d = expectAt(check(text), 'gha-unknown-context', text, 'gitea');
      assert.match(d.message, /Gitea's and Forgejo's name for the github context/);
      expectNone(check(text, { workflows: { flavor: 'gitea', runnerLabels: [] } }), 'gha-unknown-context');
    });
  });

  describe('gha-unknown-function', () => {
    it('reports an unknown function and a wrong number of arguments', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ tojsn(github) }} \${{ contains(github.ref) }}
`);
      const diagnostics = check(text);
      const unknown = expectAt(diagnostics, 'gha-unknown-function', text, 'tojsn');
      assert.match(unknown.message, /Did you mean "toJSON"\?/);
      const arity = expectAt(diagnostics, 'gha-unknown-function', text, 'contains');
      assert.match(arity.message, /contains\(\) takes 2 arguments, not 1/);
    });

    it('accepts functions case-insensitively', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ fromJson('[1]') }} \${{ startswith(github.ref, 'refs/tags/') }} \${{ join(github.event.commits.*.id, ',') }}
`);
      expectNone(check(text), 'gha-unknown-function');
    });
  });

  describe('gha-context-availability', () => {
    it('reports secrets in runs-on with the contexts available there', () => {
      const text = workflow(`  build:
    runs-on: \${{ secrets.RUNNER }}
    steps: [{ run: echo }]
`);
      const d = expectAt(check(text), 'gha-context-availability', text, 'secrets');
      assert.match(d.message, /secrets context is not available in jobs\.build\.runs-on\. Available here: github, inputs, vars, needs, strategy, matrix/);
    });

    it('reports status functions outside if:', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo
        env:
          OK: \${{ success() }}
`);
      const d = expectAt(check(text), 'gha-context-availability', text, 'success');
      assert.match(d.message, /success\(\) is not available/);
    });

    it('reports expressions in uses:', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@\${{ matrix.ref }}
`);
      expectAt(check(text), 'gha-context-availability', text, '${{ matrix.ref }}');
    });

    it('accepts status functions in if: and hashFiles in steps', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    if: always()
    steps:
      - run: echo \${{ hashFiles('**/package-lock.json') }}
        if: failure() || cancelled()
`);
      expectNone(check(text), 'gha-context-availability');
    });
  });

  describe('gha-constant-condition', () => {
    it('reports constant conditions', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    if: \${{ false }}
    steps:
      - run: echo
        if: 1 == 1
`);
      const diagnostics = check(text);
      assert.match(expectAt(diagnostics, 'gha-constant-condition', text, 'false').message, /always false/);
      assert.match(expectAt(diagnostics, 'gha-constant-condition', text, '1 == 1').message, /always true/);
    });

    it('reports text around ${{ }} that makes a condition always true', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo
        if: \${{ github.event_name }} == 'push'
`);
      const d = expectAt(check(text), 'gha-constant-condition', text, "${{ github.event_name }} == 'push'");
      assert.match(d.message, /text outside \$\{\{ \}\}/);
    });

    it('accepts conditions that read the run', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    if: github.ref == 'refs/heads/main'
    steps:
      - run: echo
        if: \${{ github.event_name == 'push' && !cancelled() }}
`);
      expectNone(check(text), 'gha-constant-condition');
    });
  });
});

function pick(result: ReturnType<typeof parseExpression>) {
  return result.error ? { message: result.error.message, start: result.error.start, end: result.error.end } : undefined;
}
