// The schema-backed document family scaffold (schemaDocs/feature.ts, issue #36): a vendored JSON
// Schema gives diagnostics at the right place for every schema error, "did you mean" with its quick
// fix, completion and hover from the schema, and document symbols, for YAML and JSON files alike.
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Feature } from '../../src/features/feature';
import type { RuleInfo } from '../../src/rules/registry';
import { documentSchemaEngine, schemaDocumentFeature } from '../../src/schemaDocs/feature';
import { diagnoseFile, indexOptions } from '../../src/service';
import { defaultSettings } from '../../src/settings';
import { WorkspaceIndex } from '../../src/workspace/index';
import { cursor } from '../helpers';

// A small draft-07 schema in the shape of compose-spec's: definitions, $ref, enum, required, patternProperties.
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['services'],
  properties: {
    version: { type: 'string', description: 'Obsolete: the format version.' },
    services: { type: 'object', description: 'The services of the application.', additionalProperties: { $ref: '#/definitions/service' } },
  },
  definitions: {
    service: {
      type: 'object',
      additionalProperties: false,
      properties: {
        image: { type: 'string', description: 'The image to start the container from.' },
        restart: { type: 'string', enum: ['no', 'always', 'on-failure', 'unless-stopped'], description: 'When to restart the container.' },
        ports: { type: 'array', items: { type: ['string', 'number'] } },
      },
    },
  },
};

// Not in the rules registry (a family's rule is, through defineRule): the rule belongs to this test only.
const rule: RuleInfo = { id: 'scaffold-test-schema', defaultSeverity: 'error', description: 'A scaffold test document matches its schema.' };
let engine: ReturnType<typeof documentSchemaEngine> | undefined;
const feature: Feature = schemaDocumentFeature({ id: 'scaffold-test', rule, schema: () => (engine ??= documentSchemaEngine(schema, 'scaffold-test')), applies: (file) => /\/app\.(ya?ml|json)$/i.test(file.uri) });

function file(name: string, text: string) {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const indexed = index.update(`file:///w/${name}`, text);
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return { indexed, context, diagnostics: diagnoseFile(indexed, [feature], context) };
}

const at = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

describe('the schema-backed document family scaffold (schemaDocs/feature.ts)', () => {
  it('places every schema error on its key or value; a misspelt key gets "did you mean" and a quick fix', () => {
    const { indexed, context, diagnostics } = file('app.yaml', 'services:\n  web:\n    imgae: nginx\n    restart: sometimes\n    ports: [80, {a: 1}]\n');
    const mine = diagnostics.filter((d) => d.code === rule.id);
    assert.deepEqual(mine.map((d) => `${at(d)} ${d.message}`).sort(), [
      '2:4-2:9 Unknown field "imgae" in service (services.web). Did you mean "image"?',
      '3:13-3:22 Invalid value "sometimes" at services.web.restart: expected one of "no", "always", "on-failure", "unless-stopped".',
      '4:16-4:22 Expected string or number at services.web.ports[1], found a mapping.',
    ].sort());
    const fixes = feature.codeActions!(indexed, mine[0].range, mine, context);
    assert.ok(fixes.some((f) => JSON.stringify(f.edit).includes('"newText":"image"')));
  });

  it('reports a missing required key, in JSON files too (JSON is YAML), at the right line', () => {
    const { diagnostics } = file('app.json', '{\n  "version": "3",\n  "servces": {}\n}\n');
    assert.deepEqual(diagnostics.filter((d) => d.code === rule.id).map((d) => `${d.range.start.line} ${d.message}`), ['1 Missing required field "services" in scaffold-test.', '2 Unknown field "servces" in scaffold-test. Did you mean "services"?']);
  });

  it('completes the keys the schema allows there, and enum values; hovers with the description', () => {
    const keys = cursor('services:\n  web:\n    image: nginx\n    |\n');
    const { indexed, context } = file('app.yaml', keys.text);
    assert.deepEqual(feature.completion!(indexed, keys.offset, context).map((c) => c.label).sort(), ['ports', 'restart']);
    const value = cursor('services:\n  web:\n    restart: |\n');
    const second = file('app.yaml', value.text);
    assert.deepEqual(feature.completion!(second.indexed, value.offset, second.context).map((c) => c.label), ['no', 'always', 'on-failure', 'unless-stopped']);
    const hover = feature.hover!(indexed, keys.text.indexOf('image') + 2, context);
    assert.match(JSON.stringify(hover?.contents), /The image to start the container from/);
  });

  it('lists the keys as nested document symbols; files it does not apply to get nothing', () => {
    const { indexed, context } = file('app.yaml', 'services:\n  web:\n    image: nginx\n');
    const symbols = feature.documentSymbols!(indexed, context);
    assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => [c.name, c.children?.map((g) => g.name)])]), [['services', [['web', ['image']]]]]);
    assert.deepEqual(file('other.yaml', 'imgae: x\n').diagnostics.filter((d) => d.code === rule.id), []);
  });
});
