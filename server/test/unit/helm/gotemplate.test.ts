// The Go template library (server/src/gotemplate/): parsing with positions, text/template's
// execution semantics as Helm runs it, the sprig and Helm functions charts use, and its bounds.
import assert from 'node:assert/strict';
import { parseTemplate } from '../../../src/gotemplate/parse';
import type { Limits } from '../../../src/gotemplate/budget';
import { Executor, TemplateError } from '../../../src/gotemplate/exec';
import { helmFunctionMap } from '../../../src/gotemplate/functions';
import { definitionsOf, templateSet } from '../../../src/gotemplate/templateSet';
import { formatFloat, fromPlain } from '../../../src/gotemplate/values';
import { sprintf } from '../../../src/gotemplate/fmt';
import { satisfies, isStrictVersion } from '../../../src/gotemplate/semver';
import { toYaml } from '../../../src/gotemplate/codec';

const isFunction = (name: string) => helmFunctionMap.has(name);
const values = { Values: { a: { b: 1, list: [1, 'x'] }, name: 'foo', big: 1234567, port: 8080, res: { limits: { cpu: '1' } }, empty: {} }, Release: { Name: 'rel' } };

/** Renders `text` (with `helpers` beside it) on the values above: its output, or `error: <kind>: <message> @start-end`. */
function render(text: string, helpers = '', limits?: Limits): string {
  const files = [
    { name: 'c/templates/x.yaml', parsed: parseTemplate(text, { isFunction }) },
    { name: 'c/templates/_h.tpl', parsed: parseTemplate(helpers, { isFunction }) },
  ];
  for (const f of files) if (f.parsed.error) return `parse: ${f.parsed.error.message} @${f.parsed.error.start}-${f.parsed.error.end}`;
  const set = templateSet(files, definitionsOf(files), helmFunctionMap);
  try {
    return new Executor(set, limits).render('c/templates/x.yaml', fromPlain(values)).text;
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return `error: ${error.kind}: ${error.message} @${error.at.start}-${error.at.end}`;
  }
}

const parseError = (text: string) => parseTemplate(text, { isFunction }).error;

describe('Go templates: parsing', () => {
  it('reads actions, pipelines, control structures, definitions and comments with their places', () => {
    const parsed = parseTemplate('a: {{ .Values.a | quote }}\n{{- if .x }}{{ else if .y }}{{ else }}{{ end }}{{ define "n" }}{{ end }}{{/* c */}}', { isFunction });
    assert.equal(parsed.error, undefined);
    assert.deepEqual(
      parsed.list.map((n) => `${n.kind}@${n.start}-${n.end}`),
      ['text@0-3', 'action@3-26', 'if@27-74'],
    );
    assert.deepEqual(parsed.defines.map((d) => `${d.name}@${d.nameStart}-${d.nameEnd}`), ['n@84-87']);
  });

  it('reports Go\'s errors at their place', () => {
    assert.deepEqual(parseError('{{ if }}'), { start: 6, end: 8, message: 'missing value for if' });
    assert.deepEqual(parseError('x {{ .a | nosuch }}'), { start: 10, end: 16, message: 'function "nosuch" not defined' });
    assert.deepEqual(parseError('{{ $x }}'), { start: 3, end: 5, message: 'undefined variable "$x"' });
    assert.deepEqual(parseError('{{ end }}'), { start: 0, end: 9, message: 'unexpected {{end}}' });
    assert.deepEqual(parseError('{{ if .a }}x'), { start: 0, end: 2, message: 'unexpected EOF: {{if}} has no {{end}}' });
    assert.deepEqual(parseError('{{ .a '), { start: 0, end: 6, message: 'unclosed action' });
    assert.deepEqual(parseError('{{ break }}'), { start: 0, end: 11, message: '{{break}} outside {{range}}' });
    assert.deepEqual(parseError('{{ "a }}'), { start: 3, end: 8, message: 'unterminated quoted string' });
    assert.deepEqual(parseError('{{ .a | 3 }}'), { start: 8, end: 9, message: 'non executable command in pipeline stage 2' });
  });

  it('nests ten thousand levels without overflowing, and says where its bound is', () => {
    const deep = '{{ if 1 }}'.repeat(10_000) + '{{ end }}'.repeat(10_000);
    assert.equal(parseError(deep)?.limit, true);
    assert.equal(parseError('{{ if 1 }}'.repeat(150) + '{{ end }}'.repeat(150)), undefined);
  });
});

describe('Go templates: execution as Helm runs it', () => {
  it('prints values as fmt does, Helm\'s float64 numbers included', () => {
    assert.equal(render('{{ .Values.a.b }} {{ .Values.big }} {{ .Values.port }} {{ .Values.missing }}|'), '1 1.234567e+06 8080 <no value>|');
    assert.equal(formatFloat(100000), '100000');
    assert.equal(formatFloat(0.00001), '1e-05');
    // Where Go's %v switches to an exponent, on both sides of each bound.
    assert.deepEqual([0.0001, 0.000099, 999999, 999999.5, 1e6, -1e6, -0.0001, 123456.75].map(formatFloat), ['0.0001', '9.9e-05', '999999', '999999.5', '1e+06', '-1e+06', '-0.0001', '123456.75']);
    assert.equal(render('{{ .Values.a }}'), 'map[b:1 list:[1 x]]');
  });

  it('fails as Helm fails: nil pointers, comparisons of a float64 with an int, wrong argument types', () => {
    assert.equal(render('{{ .Values.missing.x }}'), 'error: error: nil pointer evaluating interface {}.x @3-20');
    assert.equal(render('{{ if eq .Values.port 8080 }}y{{ end }}'), 'error: error: error calling eq: incompatible types for comparison @6-26');
    assert.equal(render('{{ if eq (int .Values.port) 8080 }}y{{ end }}'), 'y');
    assert.equal(render('{{ .Values.port | upper }}'), 'error: error: wrong type for value; expected string; got float64 @18-23');
    assert.equal(render('{{ .Chart.Name }}'), 'error: error: nil pointer evaluating interface {}.Name @3-14');
  });

  it('runs if/with/range/else, variables and their scopes, break and continue', () => {
    assert.equal(render('{{ with .Values.empty }}has{{ else }}none{{ end }} {{ with .Values.a }}{{ .b }}{{ end }}'), 'none 1');
    assert.equal(render('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}'), '2');
    assert.equal(render('{{- range $i, $v := .Values.a.list }}\n- {{ $i }}={{ $v }}\n{{- end }}'), '\n- 0=1\n- 1=x');
    assert.equal(render('{{ range $k, $v := .Values.a }}{{ $k }};{{ end }}'), 'b;list;');
    assert.equal(render('{{ range until 10 }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}'), '013');
    assert.equal(render('{{ range .Values.nothing }}x{{ else }}empty{{ end }}'), 'empty');
    assert.equal(render('{{/* c */}}x {{- /* c */ -}} y'), 'xy');
  });

  it('includes and calls definitions, tpl, required and fail as Helm\'s lint mode', () => {
    const helpers = '{{- define "c.name" -}}{{ .Values.name | trunc 63 | trimSuffix "-" }}{{- end }}';
    assert.equal(render('n: {{ include "c.name" . | upper }} {{ template "c.name" . }}', helpers), 'n: FOO foo');
    assert.equal(render('{{ tpl "{{ .Values.name }}-x" . }}'), 'foo-x');
    assert.equal(render('[{{ required "need it" .Values.nope }}]'), '[]');
    assert.equal(render('{{ include "nothere" . }}'), 'error: error: error calling include: template: no template "nothere" associated with template "gotpl" @3-22');
  });

  it('computes the sprig functions charts use', () => {
    assert.equal(render('{{ toYaml .Values.res | nindent 2 }}'), '\n  limits:\n    cpu: "1"');
    assert.equal(render('{{ dict "b" 1 "a" (list 1 "<") | toJson }}'), '{"a":[1,"\\u003c"],"b":1}');
    assert.equal(render('{{ printf "%s-%d-%05.1f-%q" "a" 3 2.5 "x" }} {{ printf "%d" .Values.port }}'), 'a-3-002.5-"x" %!d(float64=8080)');
    assert.equal(render('{{ "abc" | b64enc }} {{ sha256sum "x" | trunc 8 }} {{ "a-b" | replace "-" "_" }} {{ default "d" .Values.none }} {{ coalesce .Values.none "c" }}'), 'YWJj 2d711642 a_b d c');
    assert.equal(render('{{ regexReplaceAll "(a)(b)" "xaby" "${2}$1" }} {{ regexMatch "^[0-9]+$" "123" }} {{ splitList "," "a,b" | join "+" }}'), 'xbay true a+b');
    assert.equal(render('{{ semverCompare ">=1.19-0" "v1.30.0" }} {{ semverCompare "<1.19" "v1.30.0" }} {{ hasKey .Values "name" }} {{ keys .Values.a | sortAlpha }}'), 'true false true [b list]');
    assert.equal(render('{{ $d := dict "a" (dict "x" 1) }}{{ $_ := merge $d (dict "a" (dict "y" 2) "b" 3) }}{{ toJson $d }}'), '{"a":{"x":1,"y":2},"b":3}');
    assert.equal(render('{{ add 1 2 }} {{ mul 3 4 }} {{ div 7 2 }} {{ max 1 5 3 }} {{ int "42" }} {{ float64 "1.5" }} {{ sub 1 }}'), 'error: error: wrong number of args for sub: want 2 got 1 @96-101');
    assert.equal(render('{{ genCA "x" 365 }}'), 'error: unsupported: genCA @3-16');
  });

  it('bounds a render\'s work (#67): hashing a 3 MB string a hundred thousand times, doubling one, values that share their parts', () => {
    assert.match(render('{{ range until 100000 }}{{ sha256sum (repeat 3000000 "a") }}{{ end }}'), /^error: limit: functions read, build or copy more than 64000000 characters/);
    assert.match(render('{{ $s := repeat 3000000 "a" }}{{ $s = regexReplaceAll "^(.*)$" $s "${1}${1}" }}{{ len $s }}'), /^error: limit: error calling regexReplaceAll: regexReplaceAll: a result longer than 4000000 characters/);
    assert.match(render('{{ $s := repeat 3000000 "a" }}{{ $s = regexReplaceAll "a" $s "aa" }}'), /^error: limit: /);
    assert.match(render('{{ $s := repeat 2000000 "ab" }}{{ replace "a" "xyz" $s }}'), /^error: limit: a string or list longer than 4000000/);
    assert.match(render('{{ $s := repeat 3000 "a\\n" }}{{ nindent 2000 $s }}'), /^error: limit: a string or list longer than 4000000/);
    assert.match(render('{{ printf "%1000000d%1000000d%1000000d%1000000d%1000000d" 1 2 3 4 5 }}'), /^error: limit: error calling printf: printf: output longer than 4000000 characters/);
    assert.match(render('{{ $l := list }}{{ range until 100000 }}{{ $l = append $l . }}{{ end }}'), /^error: limit: functions read, build or copy more than 64000000/);
    // `list $x $x` sixty times: 2^60 values once written, printed, copied or compared.
    const shared = '{{ $x := list 1 }}{{ $y := list 1 }}{{ range until 60 }}{{ $x = list $x $x }}{{ $y = list $y $y }}{{ end }}';
    for (const use of ['{{ toYaml $x }}', '{{ toJson $x }}', '{{ $x }}', '{{ printf "%v" $x }}', '{{ deepEqual $x $y }}', '{{ deepCopy $x | len }}', '{{ has $y (list $x) }}', '{{ uniq (list $x $y) }}']) {
      assert.match(render(shared + use), /^error: limit: /, use);
    }
    assert.match(render('{{ $s := repeat 1000000 "a" }}{{ $l := list }}{{ range until 1000 }}{{ $l = append $l $s }}{{ end }}{{ join "," $l }}'), /^error: limit: /);
    // toYaml and toJson: a depth their encoders can write, a length checked before they write it.
    assert.match(render('{{ $x := list }}{{ range until 5000 }}{{ $x = list $x }}{{ end }}{{ toJson $x }}'), /^error: limit: error calling toJson: a value nested more than 500 levels deep/);
    assert.match(render('{{ $s := repeat 1000000 "a" }}{{ toYaml (list $s $s $s $s $s) }}'), /^error: limit: error calling toYaml: an encoded value longer than 4000000 characters/);
    assert.equal(render('{{ $x := list }}{{ range until 400 }}{{ $x = list $x }}{{ end }}{{ toJson $x | len }}'), '802');
    assert.match(render('{{ $s := repeat 1000000 "a" }}{{ $l := list }}{{ range until 1000 }}{{ $l = append $l $s }}{{ end }}{{ print $l }}'), /^error: limit: /);
  });

  it('bounds how deep templates, control structures and pipelines nest, whatever the stack', () => {
    // A definition that includes itself inside n nested ifs (Go's own bound is 100,000 levels; Helm's 1,000 includes of one name).
    const recursive = (n: number) => `{{ define "d" }}${'{{ if true }}'.repeat(n)}{{ include "d" . }}${'{{ end }}'.repeat(n)}{{ end }}`;
    for (const n of [0, 50, 199]) assert.match(render('{{ include "d" . }}', recursive(n)), /^error: limit: (template calls|template calls, control structures and pipelines) nested more than/, String(n));
    const parens = `{{ define "p" }}{{ ${'(list '.repeat(99)}1${')'.repeat(99)} }}{{ include "p" . }}{{ end }}`;
    assert.match(render('{{ include "p" . }}', parens), /^error: limit: template calls, control structures and pipelines nested more than 400 deep/);
  });

  it('stays bounded: recursion, loops and output sizes end in a limit, never a hang', () => {
    assert.match(render('{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}'), /^error: limit: template calls, control structures and pipelines nested more than 400 deep/);
    assert.match(render('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}'), /^error: limit: template calls nested more than 200 deep/);
    assert.match(render('{{ range $i := until 100000000 }}{{ end }}'), /^error: limit: /);
    assert.match(render('{{ repeat 100000000 "xxxxxxxxxx" }}'), /^error: limit: /);
    assert.match(render('{{ range until 1000 }}{{ range until 1000 }}{{ range until 1000 }}{{ end }}{{ end }}{{ end }}'), /^error: limit: more than 2000000 steps/);
  });
});

// Each expectation below is what Go 1.19's text/template gives for the same text (parse error, exec error or output).
describe('Go templates: literals as Go reads them', () => {
  const out = (text: string) => render(text).replace(/^parse: (.*) @\d+-\d+$/, 'parse: $1');
  it('reads hexadecimal floats (0x1p60: a float64 equal to 2^60, as traefik\'s helpers multiply by it)', () => {
    assert.equal(out('{{ 0x1p60 }} {{ printf "%T" 0x1p60 }} {{ 0x1p-2 }} {{ 0x.8p1 }} {{ 0X1P+2 }}'), '1.152921504606847e+18 float64 0.25 1 4');
    assert.equal(out('{{ mulf 2 0x1p60 }} {{ printf "%d" 0x1p60 }}'), '2.305843009213694e+18 %!d(float64=1.152921504606847e+18)');
    // An integral float constant is an integer too, for a parameter that takes one.
    assert.equal(out('{{ repeat 0x1p2 "ab" }}'), 'abababab');
    assert.equal(out('{{ 0x1.8 }}'), 'parse: illegal number syntax: "0x1.8"');
  });

  it('reads _ between digits, base prefixes and legacy octal, and refuses what strconv refuses', () => {
    assert.equal(out('{{ 1_000 }} {{ 0x_1f }} {{ 0_7 }} {{ 0755 }} {{ 0o17 }} {{ 0b101 }} {{ -0x10 }} {{ +5 }} {{ 0xEE }} {{ printf "%T" 0xEE }}'), '1000 31 7 493 15 5 -16 5 238 int');
    assert.equal(out('{{ 1e3 }} {{ printf "%T" 1e3 }} {{ 1.0 }} {{ .5 }} {{ 5. }} {{ 1.5e3 }}'), '1000 float64 1 0.5 5 1500');
    assert.equal(out('{{ 1__000 }}'), 'parse: illegal number syntax: "1__000"');
    assert.equal(out('{{ 1_ }}'), 'parse: illegal number syntax: "1_"');
    assert.equal(out('{{ 08 }}'), 'parse: integer overflow: "08"');
    assert.equal(out('{{ 18446744073709551616 }}'), 'parse: integer overflow: "18446744073709551616"');
    assert.equal(out('{{ 1e400 }}'), 'parse: illegal number syntax: "1e400"');
    assert.equal(out('{{ 1e }}'), 'parse: illegal number syntax: "1e"');
    assert.equal(out('{{ 0b102 }}'), 'parse: bad number syntax: "0b102"');
    assert.equal(out('{{ 9223372036854775807 }}'), '9223372036854775807');
    assert.match(out('{{ 9223372036854775808 }}'), /^error: error: 9223372036854775808 overflows int /);
  });

  it('reads character constants as their code point', () => {
    assert.equal(out(`{{ 'a' }} {{ printf "%T" 'a' }} {{ '\\n' }} {{ '\\'' }} {{ '"' }} {{ '\\x41' }} {{ '\\u00e9' }} {{ '\\U0001F600' }} {{ '\\377' }} {{ 'é' }}`), '97 int 10 39 34 65 233 128512 255 233');
    assert.equal(out(`{{ 'ab' }}`), "parse: malformed character constant: 'ab'");
    for (const bad of [`''`, `'\\"'`, `'\\400'`, `'\\ud800'`]) assert.equal(out(`{{ ${bad} }}`), 'parse: invalid syntax', bad);
  });
});

describe('Go templates: variables in scope as Go\'s parser and executor see them', () => {
  it('an {{else}} may name a variable its {{if}} branch declared: parsed, and undefined only when the else runs', () => {
    assert.equal(render('{{ if true }}{{ $x := 1 }}{{ else }}{{ $x }}{{ end }}'), '');
    assert.equal(render('{{ if false }}{{ $x := 1 }}{{ else }}{{ $x }}{{ end }}'), 'error: error: undefined variable: $x @40-42');
    assert.equal(render('{{ if false }}{{ $x := 1 }}{{ else }}{{ $x = 2 }}{{ end }}'), 'error: error: undefined variable: $x @45-46');
    assert.equal(render('{{ if false }}{{ $a := 1 }}{{ else if true }}{{ $a }}{{ end }}'), 'error: error: undefined variable: $a @48-50');
    assert.equal(render('{{ if $x := .Values.name }}{{ else }}{{ $x }}{{ end }}|{{ if $y := .Values.none }}{{ else }}[{{ $y }}]{{ end }}'), '|[<no value>]');
  });

  it('range/else and with/else alike; a variable of a branch never outlives its {{end}}', () => {
    assert.equal(render('{{ range .Values.empty }}{{ $y := 1 }}{{ else }}{{ $y }}{{ end }}'), 'error: error: undefined variable: $y @51-53');
    assert.equal(render('{{ range $i, $e := .Values.empty }}{{ else }}[{{ $i }}]{{ end }}'), '[map[]]');
    assert.equal(render('{{ with .Values.name }}{{ $z := 3 }}{{ $z }}{{ else }}{{ $z }}{{ end }}'), '3');
    assert.equal(parseError('{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}')?.message, 'undefined variable "$x"');
    assert.equal(render('{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ end }}{{ $x }}'), '1');
  });
});

describe('Go templates: fmt, semver and YAML as Go writes them', () => {
  it('Sprintf marks wrong and missing operands', () => {
    assert.equal(sprintf('%s %d %v', ['a']), 'a %!d(MISSING) %!v(MISSING)');
    assert.equal(sprintf('%d', [1n, 2n]), '1%!(EXTRA int=2)');
    assert.equal(sprintf('%-5s|%5s|%x', ['ab', 'cd', 255n]), 'ab   |   cd|ff');
  });

  it('semver constraints as Masterminds v3 reads them', () => {
    assert.equal(satisfies('^1.2.3', '1.9.0'), true);
    assert.equal(satisfies('~1.2.3', '1.3.0'), false);
    assert.equal(satisfies('>= 1.2, < 2', 'v1.5'), true);
    assert.equal(satisfies('>=1.19', 'v1.20.0-gke.1'), false);
    assert.equal(satisfies('>=1.19-0', 'v1.20.0-gke.1'), true);
    assert.equal(satisfies('1.2.x || 2.x', '2.4.0'), true);
    assert.equal(satisfies('nonsense', '1.0.0'), 'improper constraint: nonsense');
    assert.equal(isStrictVersion('1.2.3-rc.1+b'), true);
    assert.equal(isStrictVersion('v1.2'), false);
  });

  it('toYaml: keys sorted, sequences at their key\'s indent, strings quoted when YAML would read them otherwise', () => {
    assert.equal(toYaml(fromPlain({ z: 1, a: ['x', 'true', ''], m: {} })), 'a:\n- x\n- "true"\n- ""\nm: {}\nz: 1');
  });

  it('toYaml writes a map a template changed in place as it is now (set, unset, merge)', () => {
    assert.equal(render('{{ toYaml .Values.res }}|{{ $_ := set .Values.res "z" 1 }}{{ toYaml .Values.res }}'), 'limits:\n  cpu: "1"|limits:\n  cpu: "1"\nz: 1');
    assert.equal(render('{{ toYaml .Values.a }}|{{ $_ := unset .Values.a "list" }}{{ toYaml .Values.a }}'), 'b: 1\nlist:\n- 1\n- x|b: 1');
    assert.equal(render('{{ toYaml .Values.res.limits }}|{{ $_ := merge .Values.res (dict "limits" (dict "memory" "1Gi")) }}{{ toYaml .Values.res.limits }}'), 'cpu: "1"|cpu: "1"\nmemory: 1Gi');
  });
});
