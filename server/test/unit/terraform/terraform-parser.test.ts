// Archipel's HCL parser (syntax/native.ts): the spans every rule reads, HCL's own readings where the
// tree-sitter grammar it replaced read otherwise, and the nesting bound (issue #67): no tree deeper
// than MAX_NESTING, whatever the shape, a left-deep chain of operators included; one limit finding,
// the rest of the file read; a 2,000-term chain beside a Deployment leaves the Deployment's findings.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_NESTING, parseNative } from '../../../src/terraform/syntax/native';
import { parseHcl, parseSnippet } from '../../../src/terraform/syntax/parse';
import { childExpressions, type Expr } from '../../../src/terraform/syntax/syntax';
import { runCli } from '../../cliRun';
import { diagnose } from '../../terraform';

const at = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

/** The height of an expression tree, iteratively. */
function height(expr: Expr): number {
  let max = 0;
  const stack: [Expr, number][] = [[expr, 1]];
  while (stack.length > 0) {
    const [e, h] = stack.pop()!;
    max = Math.max(max, h);
    for (const c of childExpressions(e)) stack.push([c, h + 1]);
  }
  return max;
}

describe('Terraform: the HCL parser', () => {
  it('reads blocks, labels, arguments and every kind of expression with their spans', () => {
    const text = [
      'resource "aws_instance" web {',
      '  count = length(var.names) > 0 ? 2 : 0 # two',
      '  tags  = { Name = "web-${count.index}", (var.k) = local.v[0].x }',
      '  ids   = [for s in aws_subnet.a[*].id : upper(s) if s != ""]',
      '  m     = { for k, v in var.m : k => v... }',
      '  legacy = aws_instance.b.0.id',
      '  heredoc = <<-EOT',
      '    a ${var.x} %{ if true }b%{ else }c%{ endif }',
      '  EOT',
      '  fn = provider::aws::arn_parse("x")',
      '  lifecycle { create_before_destroy = true }',
      '}',
      '',
    ].join('\n');
    const file = parseHcl(text);
    assert.deepEqual(file.errors, []);
    const block = file.body.blocks[0];
    assert.deepEqual([block.type, block.labels.map((l) => [l.value, l.quoted, at(text, l)]), at(text, block).endsWith('}'), text[block.open], text[block.close]], ['resource', [['aws_instance', true, '"aws_instance"'], ['web', false, 'web']], true, '{', '}']);
    const [count, tags, ids, m, legacy, heredoc, fn] = block.body.attributes;
    assert.equal(at(text, count), 'count = length(var.names) > 0 ? 2 : 0');
    assert.equal(count.expr.kind, 'conditional');
    assert.equal(tags.expr.kind === 'object' && tags.expr.items.map((i) => at(text, i.key)).join('|'), 'Name|(var.k)');
    assert.equal(tags.expr.kind === 'object' && tags.expr.items[1].value.kind === 'traversal' && tags.expr.items[1].value.steps.map((s) => `${s.kind}:${at(text, s)}`).join(' '), 'attr:v index:[0] attr:x');
    assert.equal(ids.expr.kind === 'for' && ids.expr.collection.kind === 'traversal' && ids.expr.collection.steps.map((s) => `${s.kind}:${at(text, s)}`).join(' '), 'attr:a splat:[*] attr:id');
    assert.ok(m.expr.kind === 'for' && m.expr.object && m.expr.group && m.expr.names.map((n) => n.name).join() === 'k,v');
    assert.equal(legacy.expr.kind === 'traversal' && legacy.expr.steps.map((s) => `${s.kind}:${at(text, s)}`).join(' '), 'attr:b index:.0 attr:id');
    assert.ok(heredoc.expr.kind === 'template' && heredoc.expr.heredoc);
    assert.deepEqual(heredoc.expr.kind === 'template' && heredoc.expr.parts.map((p) => p.kind), ['text', 'interp', 'text', 'if', 'text']);
    assert.equal(fn.expr.kind === 'call' && fn.expr.name.name, 'provider::aws::arn_parse');
    assert.equal(block.body.blocks[0].type, 'lifecycle');
    assert.deepEqual(file.comments.map((c) => [c.style, c.text]), [['#', '# two']]);
  });

  it('reads as HCL where tree-sitter-hcl did not: spaces of templates, (a).b, right-nested conditionals, 1e5, the operator beside a parenthesis', () => {
    const text = 'a = "x ${y} z"\nb = (c).d\ne = f ? g : h ? i : j\nk = 1e5\nl = (m) && n\n';
    const [a, b, e, k, l] = parseHcl(text).body.attributes;
    assert.deepEqual(a.expr.kind === 'template' && a.expr.parts.map((p) => (p.kind === 'text' ? p.value : p.kind)), ['x ', 'interp', ' z']);
    assert.ok(b.expr.kind === 'postfix' && b.expr.base.kind === 'paren' && b.expr.steps[0].kind === 'attr');
    assert.ok(e.expr.kind === 'conditional' && e.expr.else.kind === 'conditional' && e.expr.cond.kind === 'traversal');
    assert.deepEqual(k.expr.kind === 'literal' && k.expr.value, 100000);
    assert.deepEqual(l.expr.kind === 'binary' && [l.expr.op, l.expr.left.kind], ['&&', 'paren']);
  });

  it('the first syntax error stops the read, the items before it kept, said once', () => {
    const text = 'a = 1\nresource "x" "y" {\n  b = \n}\nc = 3\n';
    const file = parseHcl(text);
    assert.deepEqual(file.body.attributes.map((x) => x.name), ['a']);
    assert.equal(file.errors.length, 1);
    assert.match(file.errors[0].message, /^Invalid expression/);
    const unclosed = parseHcl('locals {\n  a = 1\n');
    assert.deepEqual([unclosed.errors[0].message.split(':')[0], unclosed.errors[0].start], ['Unclosed configuration block', 7]);
    assert.match(parseHcl('a = "x\n').errors[0].message, /^Unterminated template string/);
    assert.match(parseHcl('{\n  "a": 1\n}\n').errors[0].message, /^Argument or block definition required/);
  });

  it("HCL 1's quoted names (Terraform 0.11: `\"action\" {`) are read as the bare names, each said once with its fix; the rest of the file is read", () => {
    // eventuate-tram-examples-customers-and-orders aws-fargate-terraform/alb.tf:134-144 (e7ec5b71, Apache-2.0), reduced.
    const text = 'resource "aws_alb_listener_rule" "customer_listner_rule" {\n  "action" {\n    type = "forward"\n  }\n  "condition" {\n    field = "path-pattern"\n  }\n  "priority" = 10\n  listener_arn = "x"\n}\nresource "aws_alb" "lb" {}\n';
    const file = parseHcl(text);
    assert.deepEqual(file.errors, []);
    assert.deepEqual(file.body.blocks.map((b) => b.type), ['resource', 'resource']);
    const rule = file.body.blocks[0].body;
    assert.deepEqual([rule.blocks.map((b) => b.type), rule.attributes.map((a) => a.name)], [['action', 'condition'], ['priority', 'listener_arn']]);
    assert.deepEqual(file.quotedNames?.map((q) => at(text, q)), ['"action"', '"condition"', '"priority"']);
    const findings = diagnose({ 'alb.tf': text }, 'alb.tf').filter((d) => d.code === 'terraform-syntax');
    assert.deepEqual(findings.map((d) => [d.range.start.line, d.message]), [
      [1, 'Invalid argument name: argument and block names must not be quoted (Terraform 0.11 and earlier accepted "action"); write action without quotes.'],
      [4, 'Invalid argument name: argument and block names must not be quoted (Terraform 0.11 and earlier accepted "condition"); write condition without quotes.'],
      [7, 'Invalid argument name: argument and block names must not be quoted (Terraform 0.11 and earlier accepted "priority"); write priority without quotes.'],
    ]);
    assert.deepEqual(findings[0].data, { fix: { title: 'Write action without quotes', edits: [{ start: text.indexOf('"action"'), end: text.indexOf('"action"') + 8, newText: 'action' }] } });
    // Not a name (a template, a dot, nothing after it): the error it always was, nothing read as a name.
    for (const bad of ['x {\n  "a.b" = 1\n}\n', 'x {\n  "${a}" {}\n}\n', 'x {\n  "a"\n}\n']) {
      const f = parseHcl(bad);
      assert.equal(f.errors.length, 1, bad);
      assert.deepEqual(f.quotedNames ?? [], [], bad);
    }
  });

  const hostile: Record<string, (n: number) => string> = {
    'a left-deep chain of operators': (n) => `x = ${Array(n).fill('1').join('+')}`,
    'mixed precedences': (n) => `x = ${Array(n).fill('a*b').join(' + ')}`,
    parentheses: (n) => `x = ${'('.repeat(n)}1${')'.repeat(n)}`,
    tuples: (n) => `x = ${'['.repeat(n)}1${']'.repeat(n)}`,
    objects: (n) => `x = ${'{a = '.repeat(n)}1${'}'.repeat(n)}`,
    calls: (n) => `x = ${'f('.repeat(n)}1${')'.repeat(n)}`,
    conditionals: (n) => `x = ${'a ? b : '.repeat(n)}c`,
    'unary operators': (n) => `x = ${'-'.repeat(n)}1`,
    indexes: (n) => `x = a${'['.repeat(n)}0${']'.repeat(n)}`,
    interpolations: (n) => `x = ${'"${'.repeat(n)}1${'}"'.repeat(n)}`,
    directives: (n) => `x = "${'%{if a}'.repeat(n)}x${'%{endif}'.repeat(n)}"`,
    blocks: (n) => `${'a {\n'.repeat(n)}${'}\n'.repeat(n)}`,
  };
  for (const [shape, make] of Object.entries(hostile)) {
    it(`${shape} 5,000 deep: one limit, nothing deeper than ${MAX_NESTING}, the next argument read`, () => {
      const text = `${make(5000)}\ny = 2\n`;
      const parsed = parseNative(text);
      assert.equal(parsed.error, undefined);
      assert.equal(parsed.limits.length, 1);
      assert.match(parsed.limits[0].message, /nested more than 200 levels deep/);
      assert.ok(parsed.body.attributes.some((a) => a.name === 'y'));
      for (const a of parsed.body.attributes) assert.ok(height(a.expr) <= MAX_NESTING + 1, `${a.name}: ${height(a.expr)}`);
    });
  }

  it('a 3.9 MB chain of 2 million terms is read past, in one pass', () => {
    const terms = Math.floor((3.9 * 1024 * 1024) / 2);
    const parsed = parseNative(`locals {\n  x = ${Array(terms).fill('1').join('+')}\n}\n`);
    assert.deepEqual([parsed.error, parsed.limits.length, parsed.body.blocks[0].body.attributes[0].expr.kind], [undefined, 1, 'invalid']);
  });

  it('a 2,000-term chain in main.tf: a terraform-limit finding there, the Deployment beside it still checked (archipel check)', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'archipel-chain-'));
    try {
      writeFileSync(path.join(folder, 'main.tf'), `locals {\n  x = ${Array(2000).fill('1').join('+')}\n}\n`);
      writeFileSync(path.join(folder, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n');
      const run = await runCli(['check', '.', '--format', 'json'], folder);
      const found = JSON.parse(run.out) as { file: string; code: string }[];
      assert.ok(found.some((f) => f.file === 'main.tf' && f.code === 'terraform-limit'));
      assert.ok(found.some((f) => f.file === 'deploy.yaml' && f.code === 'k8s-image-tag'));
      assert.ok(!found.some((f) => /internal/.test(f.code)));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a chain within the bound is read whole and checked', () => {
    const text = `locals {\n  x = ${Array(50).fill('local.y').join(' + ')}\n}\n`;
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf');
    assert.equal(found.filter((d) => d.code === 'terraform-undeclared' && String(d.message).includes('no local value "y"')).length, 50);
    assert.ok(!found.some((d) => d.code === 'terraform-limit'));
  });

  it('an edit keeps the objects of the items before it, level by level', () => {
    const text = 'a = 1\nresource "x" "y" {\n  b = 2\n  c = 3\n}\nd = 4\n';
    const uri = 'file:///parser/reuse.tf';
    const first = parseHcl(text, uri);
    const second = parseHcl(text.replace('c = 3', 'c = 33'), uri);
    assert.equal(second.body.attributes[0], first.body.attributes[0]);
    assert.notEqual(second.body.blocks[0], first.body.blocks[0]);
    assert.equal(second.body.blocks[0].body.attributes[0], first.body.blocks[0].body.attributes[0]);
    assert.deepEqual(JSON.parse(JSON.stringify(second)), JSON.parse(JSON.stringify(parseHcl(text.replace('c = 3', 'c = 33')))));
  });

  it('the JSON syntax\'s strings: templates and expressions', () => {
    const template = parseSnippet('a-${var.x}-b', 'template')!;
    assert.deepEqual(template.kind === 'template' && template.parts.map((p) => [p.kind, p.start, p.end]), [['text', 0, 2], ['interp', 2, 10], ['text', 10, 12]]);
    assert.equal(parseSnippet('list(string)', 'expression')?.kind, 'call');
    assert.equal(parseSnippet('a b', 'expression'), undefined);
    assert.equal(parseSnippet('${', 'template'), undefined);
  });
});
