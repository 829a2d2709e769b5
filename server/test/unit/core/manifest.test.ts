// The manifest's contributed settings as the Settings UI shows them, and its translations.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { settingsSection } from '../../../src/blur/section';
import { embeddedFaceModel } from '../../../src/platform/archipelResources';
import { DEFAULT_FACE_MODEL } from '../../../src/protocol/blurValues';
import { repoRoot } from '../../helpers';

interface Setting {
  type?: string | string[];
  enum?: unknown[];
  enumItemLabels?: string[];
  enumDescriptions?: string[];
  default?: unknown;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Setting> } } };
const settings = manifest.contributes.configuration.properties;

describe('manifest settings', () => {
  it('offers no null choice in a dropdown (the Settings UI shows it as "null")', () => {
    const withNull = Object.entries(settings).filter(([, s]) => s.enum?.some((v) => v === null)).map(([k]) => k);
    assert.deepEqual(withNull, []);
  });

  it('describes and labels every choice, the default among them', () => {
    for (const [key, setting] of Object.entries(settings)) {
      if (!setting.enum) continue;
      assert.ok(setting.enum.includes(setting.default), `${key}: its default is one of its choices`);
      if (setting.enumDescriptions) assert.equal(setting.enumDescriptions.length, setting.enum.length, key);
      if (setting.enumItemLabels) assert.equal(setting.enumItemLabels.length, setting.enum.length, key);
    }
  });

  it('blur method and shape: inherit leaves archipel.yaml in charge, the other choices override it', () => {
    for (const key of ['method', 'shape'] as const) {
      const setting = settings[`archipel.blur.${key}`];
      assert.equal(setting.default, 'inherit');
      assert.deepEqual(settingsSection({ [key]: 'inherit' }), {});
      for (const value of setting.enum!.filter((v) => v !== 'inherit')) assert.deepEqual(settingsSection({ [key]: value }), { [key]: value });
    }
  });
});

describe('the face model Archipel ships', () => {
  it('is YuNet as published (its SHA-256), with its licence beside it', () => {
    const file = embeddedFaceModel(repoRoot);
    assert.equal(file, path.join(repoRoot, 'models', 'yunet_n_dynamic.onnx'));
    assert.equal(createHash('sha256').update(readFileSync(file)).digest('hex'), DEFAULT_FACE_MODEL.sha256);
    assert.ok(existsSync(path.join(repoRoot, 'models', 'LICENSE-yunet.txt')));
    assert.match(readFileSync(path.join(repoRoot, 'models', 'README.md'), 'utf8'), new RegExp(DEFAULT_FACE_MODEL.sha256));
  });
});
