// Navigation on a real module (the GKE module): go to definition and find references for every kind
// of address, the references code lens; the outline and semantic tokens as terraform-ls gives them;
// formatting through the feature (edits that turn a file into terraform fmt's output).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import { SEMANTIC_TOKEN_TYPES, encodeSemanticTokens } from '../../../src/features/semanticTokens';
import { terraformCodeLenses } from '../../../src/terraform/editor/lens';
import { terraformDefinition, terraformReferences } from '../../../src/terraform/editor/navigation';
import { terraformSymbols } from '../../../src/terraform/editor/symbols';
import { terraformFeature } from '../../../src/terraform/feature';
import { schemasFor } from '../../../src/terraform/host';
import { LineIndex } from '../../../src/common/lineIndex';
import { fixturesDir, repoRoot } from '../../helpers';
import { contextOf, diagnose, indexOf, loadParser } from '../../terraform';
import { moduleFiles, ossTerraform } from './terraform-editor-fixtures';

const gke = path.join(ossTerraform, 'terraform-google-kubernetes-engine');

const where = (l: { uri: string; range: { start: { line: number } } }) => `${l.uri.slice('file:///w/m/'.length)}:${l.range.start.line + 1}`;

/** Applies edits (LSP ranges) to a text. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  return [...edits]
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

describe('Terraform navigation, lens, outline, semantic tokens, formatting', () => {
  before(loadParser);
  const files = moduleFiles(gke);
  const index = indexOf(files);
  const offsetOf = (name: string, needle: string, inside: number) => {
    const at = files[name].indexOf(needle);
    assert.ok(at >= 0, `${name} holds ${needle}`);
    return at + inside;
  };

  it('goes to the definition of every kind of address and finds its references', () => {
    const cases: [string, string, string, number, string][] = [
      // file, the reference's text, what to click, definition
      ['local', 'm/cluster.tf', 'local.node_locations', 8, 'main.tf'],
      ['variable', 'm/main.tf', 'var.project_id', 6, 'variables.tf:19'],
      ['data source', 'm/main.tf', 'data.google_compute_zones.available', 30, 'main.tf:22'],
      ['resource', 'm/firewall.tf', 'google_container_cluster.primary.tpu_ipv4_cidr_block', 28, 'cluster.tf:22'],
    ].map(([kind, name, needle, inside, definition]) => [kind as string, name as string, needle as string, inside as number, definition as string]);
    for (const [kind, name, needle, inside, definition] of cases) {
      const file = index.get(`file:///w/${name}`)!;
      const offset = offsetOf(name, needle, inside);
      const found = terraformDefinition(index, file, offset).map(where);
      assert.equal(found.length, 1, kind);
      assert.ok(found[0].startsWith(definition), `${kind}: ${found[0]}`);
      const references = terraformReferences(index, file, offset).map(where);
      assert.ok(references.length >= 2 && references.includes(found[0]) && references.includes(where({ uri: file.uri, range: file.lines.range(offset, offset) })), `${kind}: ${references.join(', ')}`);
    }
  });

  it('a references lens above each declaration something reads: "N references", the locations to show', () => {
    const file = index.get('file:///w/m/variables.tf')!;
    const lenses = terraformCodeLenses(index, file);
    const projectId = lenses.find((l) => l.range.start.line === file.lines.positionAt(offsetOf('m/variables.tf', 'variable "project_id"', 0)).line)!;
    const references = terraformReferences(index, file, offsetOf('m/variables.tf', 'variable "project_id"', 11)).filter((l) => !(l.uri === file.uri && l.range.start.line === projectId.range.start.line));
    assert.equal(projectId.command?.title, `${references.length} references`);
    assert.equal(projectId.command?.command, 'archipel.showReferences');
    const [uri, position, locations] = projectId.command.arguments!;
    assert.deepEqual([uri, position.line, locations.length], [file.uri, projectId.range.start.line, references.length]);
    // A variable nothing reads has no lens; one read once says "1 reference".
    const alone = indexOf({ 'a/main.tf': 'variable "unused" {}\nvariable "once" {}\noutput "o" {\n  value = var.once\n}\n' });
    const single = terraformCodeLenses(alone, alone.get('file:///w/a/main.tf')!);
    assert.deepEqual(single.map((l) => [l.range.start.line, l.command?.title]), [[1, '1 reference']]);
  });

  it('outlines a file as terraform-ls does: blocks by type and quoted labels, attributes by the kind of their value', () => {
    const text = 'resource "aws_instance" "web" {\n  ami   = "ami-1"\n  count = 2\n  tags  = { Name = "web" }\n  subnet_id = aws_subnet.a.id\n  ebs_block_device {\n    device_name = "/dev/sdb"\n  }\n}\nlocals {\n  on = true\n}\n';
    const file = indexOf({ 'o/main.tf': text }).get('file:///w/o/main.tf')!;
    const outline = (symbols: ReturnType<typeof terraformSymbols>): unknown[] => symbols.map((s) => (s.children ? [s.name, s.kind, outline(s.children)] : [s.name, s.kind]));
    assert.deepEqual(outline(terraformSymbols(file)), [
      ['resource "aws_instance" "web"', 5, [['ami', 15], ['count', 16], ['tags', 23, [['Name', 15]]], ['subnet_id', 14], ['ebs_block_device', 5, [['device_name', 15]]]]],
      ['locals', 5, [['on', 17]]],
    ]);
  });

  it('semantic tokens: block types, labels, attribute names, references, functions, literals, a variable\'s type', () => {
    const text = 'variable "n" {\n  type = list(object({ id = string }))\n}\nresource "aws_instance" "web" {\n  count = length(var.n)\n  ami   = "ami-${var.x}"\n  tags  = { Name = true }\n}\n';
    const feature = terraformFeature({});
    const tokenIndex = indexOf({ 's/main.tf': text });
    const tokens = feature.semanticTokens!(tokenIndex.get('file:///w/s/main.tf')!, contextOf(tokenIndex));
    const lines = text.split('\n');
    const decoded = tokens.sort((a, b) => a.line - b.line || a.character - b.character).map((t) => `${lines[t.line].slice(t.character, t.character + t.length)}:${t.type}${t.modifiers?.length ? `.${t.modifiers.join('.')}` : ''}`);
    assert.deepEqual(decoded, [
      'variable:type', '"n":enumMember', 'type:property', 'list:function', 'object:function', 'id:parameter', 'string:keyword',
      'resource:type', '"aws_instance":enumMember', '"web":enumMember', 'count:property', 'length:function.defaultLibrary', 'var:variable', 'n:variable',
      'ami:property', 'ami-:string', 'var:variable', 'x:variable', 'tags:property', 'Name:parameter', 'true:keyword',
    ]);
    // LSP's encoding: five numbers a token, positions relative to the previous one.
    const data = encodeSemanticTokens(tokens);
    assert.equal(data.length, tokens.length * 5);
    assert.deepEqual(data.slice(0, 10), [0, 0, 8, SEMANTIC_TOKEN_TYPES.indexOf('type'), 0, 0, 9, 3, SEMANTIC_TOKEN_TYPES.indexOf('enumMember'), 0]);
  });

  it('formats through the feature: its edits give terraform fmt\'s output; a file that does not parse is left alone', () => {
    const feature = terraformFeature({ schemas: schemasFor(repoRoot) });
    const pairs = path.join(fixturesDir, 'oss', 'terraform', 'hashicorp-terraform-mpl', 'internal', 'command', 'testdata', 'fmt');
    const input = readFileSync(path.join(pairs, 'general_in.tf'), 'utf8');
    const formatIndex = indexOf({ 'f/main.tf': input, 'f/broken.tf': 'resource "a" "b" {\n  x = \n', 'f/main.tf.json': '{"locals": {"a": 1}}' });
    const edits = feature.formatting!(formatIndex.get('file:///w/f/main.tf')!, { tabSize: 2, insertSpaces: true }, contextOf(formatIndex)) as TextEdit[];
    assert.equal(applyEdits(input, edits), readFileSync(path.join(pairs, 'general_out.tf'), 'utf8'));
    assert.equal(feature.formatting!(formatIndex.get('file:///w/f/broken.tf')!, { tabSize: 2, insertSpaces: true }, contextOf(formatIndex)), undefined);
    assert.equal(feature.formatting!(formatIndex.get('file:///w/f/main.tf.json')!, { tabSize: 2, insertSpaces: true }, contextOf(formatIndex)), undefined);
    assert.deepEqual(feature.formats, [{ language: 'terraform' }, { language: 'terraform-vars' }, { pattern: '**/*.{tftest,tfmock,tfquery}.hcl' }]);
  });
});

describe('Terraform go to definition in a block being typed (issue #83)', () => {
  before(loadParser);

  it('one incomplete line: a reference below it and the block\'s own label still reach their declarations', () => {
    const main = 'variable "region" {\n  type = string\n}\n\nresource "aws_s3_bucket" "logs" {\n  force_destroy =\n  bucket        = var.region\n}\n\noutput "logs" {\n  value = aws_s3_bucket.logs.id\n}\n';
    const files = { 'm/main.tf': main };
    const index = indexOf(files);
    const file = index.get('file:///w/m/main.tf')!;
    const at = (needle: string, inside: number) => main.indexOf(needle) + inside;
    assert.deepEqual(terraformDefinition(index, file, at('var.region', 6)).map(where), ['main.tf:1']);
    assert.deepEqual(terraformDefinition(index, file, at('aws_s3_bucket.logs.id', 16)).map(where), ['main.tf:5']);
    // The file's own syntax stops at the error: without the tolerant reading neither is found (the checks still say the error).
    assert.ok(diagnose(files, 'm/main.tf').some((d) => d.code === 'terraform-syntax'));
  });
});
