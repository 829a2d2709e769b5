import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseBlurSection, settingsSection } from '../../../src/blur/section';
import { ConfigError, resolveConfig, thresholdsOf } from '../../../src/engines/blur/config';
import { thresholdOf } from '../../../src/engines/blur/types';
import { loadArchipelSchema } from '../../../src/platform/archipelResources';
import { SchemaEngine, type SchemaBundle } from '../../../src/schema/engine';
import { allFeatures, brief, cursor, diagnose, repoRoot } from '../../helpers';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';

const CONFIG_URI = 'file:///work/project/archipel.yaml';

describe('archipel.yaml blur section in the editor', () => {
  it('accepts a complete, valid section', () => {
    const text = [
      'blur:',
      '  faceModel: models/yunet_n_dynamic.onnx',
      '  plateModel: {path: models/plates.onnx, layout: yolov8, inputSize: [640, 384], names: [plate]}',
      '  threshold: {face: 0.6, plate: 0.4, default: 0.5}',
      '  iou: 0.45',
      '  inputSize: 640',
      '  classes: [face, plate]',
      '  method: pixelate',
      '  shape: box',
      '  grow: 1.3',
      '  outputFolder: anonymised',
      '  suffix: .anon',
      '  keepMetadata: false',
      '  quality: 85',
      '  pngCompression: 9',
      '  maxPixels: 50000000',
      'other-feature: {anything: goes}',
      '',
    ].join('\n');
    assert.deepEqual(diagnose(text, {}, CONFIG_URI), []);
  });

  it('reports an unknown key, a bad enum value and an out-of-range number on the exact node', () => {
    const text = 'blur:\n  methd: gaussian\n  shape: circle\n  threshold: 1.5\n';
    const found = diagnose(text, {}, CONFIG_URI);
    assert.deepEqual(found.map(brief), ['1:2-1:7 blur-config', '2:9-2:15 blur-config', '3:13-3:16 blur-config']);
    assert.match(found[0].message, /Unknown field "methd".*Did you mean "method"\?/);
    assert.match(found[1].message, /Invalid value "circle" at blur\.shape: expected one of "ellipse", "box"/);
    assert.match(found[2].message, /blur\.threshold: must be <= 1/);
  });

  it('warns about a model that is not an .onnx file, with the export command', () => {
    const found = diagnose('blur:\n  plateModel: {path: weights/best.pt}\n', {}, CONFIG_URI);
    assert.deepEqual(found.map(brief), ['1:21-1:36 blur-model-format']);
    assert.match(found[0].message, /not an \.onnx file.*yolo export model=weights\/best\.pt format=onnx/);
  });

  it('only checks archipel.yaml, and honours archipel-ignore', () => {
    assert.deepEqual(diagnose('blur:\n  methd: 1\n', {}, 'file:///work/project/other.yaml'), []);
    assert.deepEqual(diagnose('blur:\n  # archipel-ignore blur-config\n  methd: 1\n', {}, CONFIG_URI), []);
  });

  it('shows the schema description on hover over a key', () => {
    const { text, offset } = cursor('blur:\n  gr|ow: 1.2\n');
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const file = index.update(CONFIG_URI, text);
    const hovers = allFeatures().map((f) => f.hover?.(file, offset, { index, settings: defaultSettings, isCancelled: () => false })).filter(Boolean);
    assert.equal(hovers.length, 1);
    assert.match(JSON.stringify(hovers[0]), /Box growth factor/);
  });
});

describe('blur configuration at run time', () => {
  const engine = loadArchipelSchema(repoRoot);

  it('layers defaults, archipel.yaml, settings and the command line; relative paths from each layer\'s folder', () => {
    const yaml = parseBlurSection('blur:\n  faceModel: m/face.onnx\n  threshold: {plate: 0.3}\n  method: pixelate\n  outputFolder: out\n', '/p/archipel.yaml', engine)!;
    const config = resolveConfig([
      { origin: '/p/archipel.yaml', values: yaml, baseDir: '/p' },
      { origin: 'settings', values: settingsSection({ plateModel: 'plates.onnx', method: 'solid', grow: 9, shape: null }), baseDir: '/ws' },
      { origin: 'command line', values: { faceModel: 'other.onnx' }, baseDir: '/cwd' },
    ]);
    assert.deepEqual(config.models.map((m) => [m.role, m.path]), [
      ['face', path.resolve('/cwd/other.onnx')],
      ['plate', path.resolve('/ws/plates.onnx')],
    ]);
    assert.equal(config.method, 'solid');
    assert.equal(config.grow, 1.2, 'an out-of-range setting is ignored');
    assert.equal(config.outputFolder, path.resolve('/p/out'));
    assert.equal(thresholdOf(thresholdsOf(config))('plate'), 0.3);
    assert.equal(thresholdOf(thresholdsOf(config))('face'), 0.5);
    assert.equal(config.keepMetadata, false);
  });

  it('reports an invalid section as one error naming the file and each problem', () => {
    assert.throws(
      () => parseBlurSection('blur:\n  method: blurry\n  grow: 0\n', '/p/archipel.yaml', engine),
      (error: Error) => error instanceof ConfigError && /\/p\/archipel\.yaml: blur\.method must be equal to one of the allowed values \(gaussian, pixelate, solid\); blur\.grow must be >= 1/.test(error.message),
    );
    assert.equal(parseBlurSection('other: 1\n', '/p/archipel.yaml', engine), undefined);
    assert.throws(() => parseBlurSection('blur: [\n', '/p/archipel.yaml', engine), /not valid YAML/);
  });

  it('reads a hostile archipel.yaml in linear time: a run of unclosed braces, thousands of repeated keys, deep nesting', function () {
    // Each took seconds to minutes through the yaml package's uniqueKeys check and toJS.
    // 40,000 keys parse in about a second alone, but took 8 s on a shared machine under load: mocha's 2 s default is no bound here.
    this.timeout(120_000);
    assert.throws(() => parseBlurSection(`blur: ${'{'.repeat(1345)}\n`, '/p/archipel.yaml', engine), /\/p\/archipel\.yaml: /);
    const repeated = `blur:\n${'  method: gaussian\n'.repeat(40_000)}`;
    assert.throws(() => parseBlurSection(repeated, '/p/archipel.yaml', engine), /not valid YAML: the key "method" is repeated/);
    assert.throws(() => parseBlurSection(`blur: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, '/p/archipel.yaml', engine), /\/p\/archipel\.yaml: .*nest/i);
  });

  it('reads archipel.yaml with the validators precompiled at build time, which report what the run-time compile reports', () => {
    // Built by `npm test` (esbuild.mjs → scripts/gen-validators.mjs, dist/server/archipel-validators.js).
    const bundle = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'archipel.json'), 'utf8')) as SchemaBundle;
    const precompiled = createRequire(__filename)(path.join(repoRoot, 'dist', 'server', 'archipel-validators.js')) as Record<string, ValidateFunction>;
    assert.deepEqual(Object.keys(precompiled).sort(), ['archipel.yaml', 'blur', 'model-card', 'predict']);
    const slow = new SchemaEngine([bundle]);
    const simplify = (errors: ErrorObject[] | undefined) => (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();
    const broken = { method: 'blurry', grow: 0, threshold: { face: 2 }, faceModel: { path: 1 }, extra: true };
    const expected = simplify(slow.validate('blur', broken));
    assert.ok(expected.length >= 4, expected.join('\n'));
    assert.deepEqual(simplify(new SchemaEngine([bundle], precompiled).validate('blur', broken)), expected);
    // The engine the CLI and the server load agrees.
    assert.deepEqual(simplify(engine.validate('blur', broken)), expected);
  });
});
