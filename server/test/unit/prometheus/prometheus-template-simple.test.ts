/**
 * prometheus/template.ts reads the templates made only of the common actions (`{{ $labels.x }}`,
 * `{{ $value | humanize }}`, `{{ printf "%.2f" $value }}`…) with one regular expression, without
 * Go's lexer and parser. This holds that reading equal to the parser's, on every alert template of
 * the corpora and on generated templates mixing those actions, near misses and broken ones.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { readTemplate, simpleReading, simpleTemplates, type TemplateReading } from '../../../src/prometheus/template';
import { fixturesDir } from '../../helpers';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Every string value under `labels` or `annotations` of the Prometheus corpora. */
function corpusTemplates(): string[] {
  const found: string[] = [];
  const visit = (value: unknown, templated: boolean): void => {
    if (Array.isArray(value)) value.forEach((inner) => visit(inner, false));
    else if (value instanceof Map) {
      for (const [key, inner] of value as Map<unknown, unknown>) {
        if (templated && typeof inner === 'string') found.push(inner);
        else visit(inner, key === 'labels' || key === 'annotations');
      }
    }
  };
  for (const file of yamlFiles(path.join(fixturesDir, 'oss', 'prometheus'))) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      try {
        visit(document.toJS({ maxAliasCount: 100, mapAsMap: true }), false);
      } catch {
        // A fixture that is not valid YAML: its templates are not collected.
      }
    }
  }
  return found;
}

function parsed(text: string): TemplateReading {
  simpleTemplates.enabled = false;
  try {
    return readTemplate(text);
  } finally {
    simpleTemplates.enabled = true;
  }
}

let answered = 0;
function assertSame(text: string): void {
  const simple = simpleReading(text);
  if (simple) answered++;
  assert.deepEqual(readTemplate(text), parsed(text), JSON.stringify(text));
  if (simple) assert.deepEqual(simple, parsed(text), JSON.stringify(text));
}

const actions = [
  '{{ $labels }}', '{{ $labels.instance }}', '{{$labels.job}}', '{{ $labels._x9 }}', '{{ $value }}', '{{$value}}', '{{ $value | humanize }}', '{{$value|humanize}}',
  '{{ $value | humanize1024 }}', '{{ $value | humanizePercentage }}', '{{ $value | humanizeDuration }}', '{{ printf "%.2f" $value }}', '{{ $value | printf "%.1f" }}',
  '{{ printf  "%d%%"  $value  }}', '{{ $value | printf "" }}',
  // A format holding `$value` or `$labels.`: the read is the action's own, after the format (simpleReading finds it by place).
  '{{ printf "$value %s" $value }}', '{{ printf "$labels.x $value" $value }}', '{{ $value | printf "$value" }}',
  // Near misses: other actions, the parser's errors, trims, comments, other spacing.
  '{{ $labels.x.y }}', '{{ $labels.0x }}', '{{ $labels.é }}', '{{ $labels . x }}', '{{ $label.job }}', '{{ $values }}', '{{ $labelsx }}', '{{ $value | first }}',
  '{{ $value | title }}', '{{ $value | nosuch }}', '{{ humanize $value }}', '{{- $value }}', '{{ $value -}}', '{{-$value}}', '{{ .Value }}', '{{ .Labels.job }}',
  '{{ printf "%s" $labels.x }}', '{{ printf "}}" $value }}', '{{ printf "a\\"b" $value }}', '{{ printf "%.2f"$value }}', '{{ printf"%.2f" $value }}', '{{ printf `x` $value }}',
  '{{ $value | humanize | printf "%s" }}', '{{ query "up" | first | value }}', '{{ /* c */ }}', '{{\t$value }}', '{{ $value\n}}', '{{ }}', '{{ $value', '{{ nil }}',
  '{{ $v := $value }}{{ $v }}', '{{ with $labels }}{{ .job }}{{ end }}', '{{ if $value }}x{{ end }}', '{{ $externalLabels.x }}', '{{ $labels.job }', '{{{ $value }}',
];
const texts = ['', 'x', ' ', 'VALUE = ', '\n', '}}', '{', '}', 'é', '{{', '$labels', ' on '];
const template = fc.array(fc.oneof(fc.constantFrom(...actions), fc.constantFrom(...texts)), { maxLength: 8 }).map((parts) => parts.join(''));

describe('Alert templates: the common actions read without the parser (prometheus/template.ts)', function () {
  this.timeout(120_000);

  it('reads every template of the corpora as the parser does, and most of them without it', () => {
    const templates = corpusTemplates().filter((text) => text.includes('{{'));
    assert.ok(templates.length >= 1000, `${templates.length} templates`);
    answered = 0;
    for (const text of templates) assertSame(text);
    assert.ok(answered / templates.length >= 0.8, `read without the parser: ${answered} of ${templates.length}`);
  });

  it('reads generated templates (common actions, near misses, broken ones) as the parser does', () => {
    answered = 0;
    fc.assert(fc.property(template, (text) => assertSame(text)), { numRuns: 5000 });
    assert.ok(answered >= 500, `read without the parser: ${answered} of 5,000`);
  });

  it('reads edits of the common actions (a character removed, doubled or replaced) as the parser does', () => {
    const common = actions.slice(0, 15).join(' and ');
    fc.assert(
      fc.property(fc.nat(common.length - 1), fc.nat(2), fc.constantFrom('{', '}', ' ', '|', '"', '$', '.', '-', 'x', '\\', '\n', '%'), (at, kind, c) => {
        const edited = kind === 0 ? common.slice(0, at) + common.slice(at + 1) : kind === 1 ? common.slice(0, at) + c + common.slice(at) : common.slice(0, at) + c + common.slice(at + 1);
        assertSame(edited);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the places of the reads', () => {
    const text = 'on {{ $labels.instance }}: {{ printf "%.2f" $value }} {{ $value }}';
    assert.deepEqual(parsed(text), simpleReading(text));
    assert.deepEqual(simpleReading(text), {
      problems: [],
      labelReads: [{ label: 'instance', from: 14, to: 22 }],
      valueReads: [{ from: 44, to: 50 }, { from: 57, to: 63 }],
      valueFormatted: true,
      queries: [],
    });
    assert.equal(simpleReading('{{ $labels.job | toUpper }}'), undefined);
    const inFormat = 'x {{ printf "$value=%s" $value }} {{ $value | printf "$value" }}';
    assert.deepEqual(parsed(inFormat), simpleReading(inFormat));
    assert.deepEqual(simpleReading(inFormat)?.valueReads, [{ from: 24, to: 30 }, { from: 37, to: 43 }]);
  });
});
