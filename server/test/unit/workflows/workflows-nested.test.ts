// GitHub runs the workflows of the repository's own .github/workflows/ only (#94): a vendored action's test
// workflows (`.github/actions/<name>/.github/workflows/`) are not workflows of this repository.
import assert from 'node:assert/strict';
import { isWorkflowPath } from '../../../src/workflows/files';
import { workflowKind } from '../../../src/workflows/model/files';

describe('workflows below another .github folder', () => {
  it('a vendored action\'s own test workflows are neither workflows nor the family\'s files; its action.yml still is', () => {
    assert.equal(workflowKind('file:///ws/.github/workflows/ci.yml'), 'workflow');
    assert.equal(workflowKind('file:///ws/.gitea/workflows/ci.yaml'), 'workflow');
    assert.equal(workflowKind('file:///ws/.github/actions/setup/.github/workflows/test.yml'), undefined);
    assert.equal(workflowKind('file:///ws/.github/actions/setup/action.yml'), 'action');
    assert.equal(isWorkflowPath('/ws/.github/actions/setup/.github/workflows/test.yml'), false);
    assert.equal(isWorkflowPath('/ws/.github/workflows/release.yaml'), true);
  });
});
