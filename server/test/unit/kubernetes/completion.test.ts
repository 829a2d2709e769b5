import assert from 'node:assert/strict';
import { kubernetesCompletion } from '../../../src/kubernetes/editor/completion';
import { parseYamlFile } from '../../../src/yaml/model';
import { cursor, kubernetes } from '../../helpers';

function complete(marked: string): string[] {
  const { text, offset } = cursor(marked);
  return kubernetesCompletion(parseYamlFile(text), offset, kubernetes().engine).map((i) => i.label);
}

describe('Kubernetes completion', () => {
  it('offers the keys of the object at the cursor that are not there yet', () => {
    const labels = complete('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 1\n  |\n');
    assert.ok(labels.includes('selector'));
    assert.ok(labels.includes('template'));
    assert.ok(!labels.includes('replicas'), 'present keys are not offered again');
  });

  it('offers container fields inside a sequence item', () => {
    const labels = complete('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      im|\n');
    assert.ok(labels.includes('image'));
    assert.ok(labels.includes('imagePullPolicy'));
    assert.ok(!labels.includes('name'));
  });

  it('offers enum values and booleans', () => {
    assert.deepEqual(complete('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      imagePullPolicy: |\n').sort(), ['Always', 'IfNotPresent', 'Never']);
    assert.deepEqual(complete('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: |\n'), ['true', 'false']);
  });

  it('offers the kinds of the apiVersion', () => {
    const labels = complete('apiVersion: apps/v1\nkind: |\n');
    assert.ok(labels.includes('Deployment') && labels.includes('StatefulSet'));
    assert.ok(!labels.includes('Pod'));
  });
});
