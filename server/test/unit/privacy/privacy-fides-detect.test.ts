import assert from 'node:assert/strict';
import { isFidesManifest } from '../../../src/privacy/fides';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';

describe('Fides manifests found by content', () => {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const isManifest = (text: string) => isFidesManifest(index.update('file:///w/data.yml', text));

  it('are found however the resource type key is spelled (the text is tested before the YAML is read)', () => {
    assert.equal(isManifest('dataset:\n- fides_key: orders\n'), true);
    assert.equal(isManifest('"\\x64ataset":\n- fides_key: orders\n'), true);
    assert.equal(isManifest('"\\u0064ataset":\n- fides_key: orders\n'), true);
    assert.equal(isManifest('{system: [{fides_key: shop}]}\n'), true);
  });

  it('are not other YAML files', () => {
    assert.equal(isManifest('groups:\n- name: g\n  rules: []\n'), false);
    assert.equal(isManifest('services:\n  web:\n    image: nginx\n'), false);
    assert.equal(isManifest('system: shop\n'), false);
  });
});
