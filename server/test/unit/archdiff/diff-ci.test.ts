// docs/diff.md's CI jobs (issue #80): the GitHub Actions and Gitea workflows that comment `archipel diff`'s
// Markdown on a pull request are workflows Archipel's workflow checks find clean, and do what the page says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { check, expectClean, giteaUri, workflowUri } from '../../workflowHelpers';

/** The fenced `yaml` blocks of the page's "In CI" section. */
function ciWorkflows(): string[] {
  const page = readFileSync(path.join(repoRoot, 'docs', 'diff.md'), 'utf8');
  const start = page.indexOf('\n## In CI');
  const end = page.indexOf('\n## ', start + 1);
  assert.ok(start >= 0 && end > start, 'docs/diff.md has an "In CI" section');
  const section = page.slice(start, end);
  const blocks: string[] = [];
  for (let at = section.indexOf('```yaml\n'); at >= 0; at = section.indexOf('```yaml\n', at + 1)) {
    const close = section.indexOf('\n```', at + 8);
    blocks.push(section.slice(at + 8, close + 1));
  }
  return blocks;
}

describe('archipel diff in CI: the documented workflows (issue #80)', () => {
  const [github, gitea] = ciWorkflows();

  it('two workflows, GitHub Actions then Gitea', () => {
    assert.equal(ciWorkflows().length, 2);
  });

  it('the GitHub Actions job: clean, the diff against the base branch as a comment marked once, then the gates', () => {
    expectClean(check(github, {}, workflowUri));
    assert.match(github, /^on: pull_request$/m);
    assert.match(github, /fetch-depth: 0/);
    assert.match(github, /run: archipel diff --base "\$BASE" --format markdown > archdiff\.md$/m);
    assert.match(github, /github\.rest\.issues\.updateComment/);
    assert.match(github, /github\.rest\.issues\.createComment/);
    assert.match(github, /run: archipel diff --base "\$BASE" --fail-on exposure,threats$/m);
    assert.match(github, /pull-requests: write/);
    // The CLI from the release's VSIX, its checksum pinned (docs/ci.md, #98): no npx of a name nobody here holds.
    assert.match(github, /sha256sum -c -/);
    assert.doesNotMatch(github, /\bnpx\b/);
  });

  it('the Gitea job: clean, the same diff and gates, the comment through the API with the job token', () => {
    expectClean(check(gitea, {}, giteaUri));
    assert.match(gitea, /run: archipel diff --base "\$BASE" --format markdown > archdiff\.md$/m);
    assert.match(gitea, /-X PATCH .*"\$REPOSITORY\/issues\/comments\/\$id"$/m);
    assert.match(gitea, /-X POST .*"\$REPOSITORY\/issues\/\$NUMBER\/comments"$/m);
    assert.match(gitea, /TOKEN: \$\{\{ secrets\.GITEA_TOKEN \}\}/);
    assert.match(gitea, /sha256sum -c -/);
    assert.doesNotMatch(gitea, /\bnpx\b/);
    assert.match(gitea, /run: archipel diff --base "\$BASE" --fail-on exposure,threats$/m);
  });
});
