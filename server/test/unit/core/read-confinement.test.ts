// Root hooks of the unit layer: a test that starts a run (`archipel check`, a pipeline or exp
// command called in this process) and leaves its side-file confinement behind (a run still going
// after its test timed out, a release never called) would refuse the next tests' files as outside
// the workspace, failing them far from the cause. Each such test is named at the end of the layer,
// and the confinement ended after it so that the others run as alone. The process's own (a test's
// language-server session) ends after each test.
import assert from 'node:assert/strict';
import { endProcessConfinement, endRunConfinements, runsConfined } from '../../../src/disk/readText';

const leaks: string[] = [];

afterEach(function () {
  // A test that starts a language server's session in this process confines the process to its
  // folders, as a server does for its life: the process here is the next test's too.
  endProcessConfinement();
  if (runsConfined() === 0) return;
  leaks.push(this.currentTest?.fullTitle() ?? '?');
  endRunConfinements();
});

after(() => {
  assert.deepEqual(leaks, [], 'these tests left a run\'s side-file confinement behind');
});

describe('side-file confinement between tests', () => {
  it('no run is confined when the layer starts a test file', () => {
    assert.equal(runsConfined(), 0);
  });
});
