import assert from 'node:assert/strict';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { amdecText, raciText } from '../../fixtures/governance';
import { allFeatures } from '../../helpers';

/**
 * Every diagnostic that says "Did you mean …?" offers that change as a quick fix (Ctrl+.), in every
 * family: the hover and Problems name the fix, so the light bulb must apply it.
 */
const cases: Record<string, { uri: string; text: string }> = {
  kubernetes: {
    uri: 'file:///ws/k8s/web.yaml',
    text: 'apiVersion: apps/v1\nkind: Deploymnt\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      imagePullPolicie: Always\n',
  },
  workflows: {
    uri: 'file:///ws/.github/workflows/ci.yml',
    text: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latst\n    steps:\n      - run: echo\n        shell: bsh\n        continue-on-eror: true\n',
  },
  raci: { uri: 'file:///ws/governance/governance.raci.yaml', text: raciText.replace('title:', 'titel:').replace('{cdo: I, steward: AR, marketing: C}', '{cdo: I, stewart: AR, marketing: C}') },
  amdec: { uri: 'file:///ws/governance/risks.amdec.yaml', text: amdecText.replace('category: legal', 'category: legl').replace('threshold:', 'treshold:') },
  adr: { uri: 'file:///ws/docs/adr/0001-use-x.md', text: '# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nAcepted\n\n## Context\n\nWhy.\n\n## Decision\n\nX.\n\n## Consequences\n\nSome.\n' },
  blur: { uri: 'file:///ws/archipel.yaml', text: 'blur:\n  faceModel: models/face.onnx\n  outputFolder: blurred\n  treshold: 0.5\n' },
};

describe('"Did you mean" quick fixes in every family', () => {
  for (const [family, { uri, text }] of Object.entries(cases)) {
    it(`${family}: each "Did you mean" diagnostic has its quick fix`, () => {
      const index = new WorkspaceIndex(indexOptions(defaultSettings));
      index.update('file:///ws/governance/governance.raci.yaml', raciText);
      const file = index.update(uri, text);
      const context = { index, settings: defaultSettings, isCancelled: () => false };
      const features = allFeatures();
      const messageOf = (d: { message: string | { value: string } }) => (typeof d.message === 'string' ? d.message : d.message.value);
      const suggested = diagnoseFile(file, features, context).filter((d) => /Did you mean "([^"]+)"\?/.test(messageOf(d)));
      assert.ok(suggested.length >= 1, `${suggested.length} "Did you mean" in the ${family} case: ${suggested.map((d) => messageOf(d)).join(' | ')}`);
      for (const diagnostic of suggested) {
        const wanted = /Did you mean "([^"]+)"\?/.exec(messageOf(diagnostic))![1];
        const actions = features.flatMap((f) => f.codeActions?.(file, diagnostic.range, [diagnostic], context) ?? []);
        const edits = actions.flatMap((a) => a.edit?.changes?.[uri] ?? []);
        assert.ok(edits.some((e) => e.newText === wanted), `${String(diagnostic.code)} "${messageOf(diagnostic)}" has no quick fix to "${wanted}"`);
      }
    });
  }
});
