// Issue #68: the system map's family declares system/drawer.ts's drawer, which loads the renderers (diagram.ts) in
// its `prepare` so that a check never evaluates them. Once prepared it draws what diagram.ts's drawer draws: the
// same kind, views and formats (in the same order: `archipel diagram --help` lists them), the same diagram, the same
// text in every format. (That a check does not evaluate them: core/cli-one-file-loads.test.ts.)
import assert from 'node:assert/strict';
import { systemDrawer } from '../../../src/system/diagram';
import { systemMapDrawer } from '../../../src/system/drawer';
import { repository } from './repositories';

describe('System map: the drawer the family declares loads its renderers on prepare (issue #68)', () => {
  it('the same kind, summary, views and formats as the renderers’ drawer, and once prepared the same diagram and texts', async () => {
    assert.equal(systemMapDrawer.kind, systemDrawer.kind);
    assert.equal(systemMapDrawer.summary, systemDrawer.summary);
    assert.deepEqual(systemMapDrawer.views, systemDrawer.views);
    assert.deepEqual(Object.keys(systemMapDrawer.formats ?? {}), Object.keys(systemDrawer.formats ?? {}));
    assert.equal(systemDrawer.prepare, undefined);
    const { index, contributors } = await repository('instana+robot-shop');
    await systemMapDrawer.prepare!();
    for (const view of systemDrawer.views ?? []) {
      const options = { view, system: contributors };
      const drawn = systemMapDrawer.draw(index, undefined as never, [], '', options);
      assert.ok(drawn.nodes > 0, view);
      assert.deepEqual(drawn, systemDrawer.draw(index, undefined as never, [], '', options), view);
      for (const format of Object.keys(systemDrawer.formats ?? {})) {
        const input = { index, settings: undefined as never, scopes: [], root: '', view, system: contributors, fileOf: (uri: string) => uri };
        const text = systemMapDrawer.formats![format](input);
        assert.ok(text.length > 0, `${view} ${format}`);
        assert.equal(text, systemDrawer.formats![format](input), `${view} ${format}`);
      }
    }
  });
});
