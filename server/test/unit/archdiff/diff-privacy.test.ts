// `archipel diff` (issue #80) with the personal data flows (privacy/api.ts): a Fides system that starts
// sending its customers' e-mail addresses to a mailer, and the other way round.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

const shop = (egress: boolean) =>
  [
    'system:',
    '  - fides_key: shop',
    '    name: Shop',
    '    system_type: Service',
    '    ingress:',
    '      - fides_key: customers',
    '        type: dataset',
    ...(egress ? ['    egress:', '      - fides_key: mailer', '        type: system'] : []),
    '    privacy_declarations:',
    '      - name: Take orders',
    '        data_use: essential.service',
    '        data_categories: [user.contact.email]',
    '        data_subjects: [customer]',
    '',
  ].join('\n');

describe('archipel diff: personal data flows added and removed (issue #80)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-privacy-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  shop:\n    image: example/shop:1.0\n');
    writeFileSync(path.join(dir, 'shop.yml'), shop(false));
    git('add', '-A');
    git('commit', '-q', '-m', 'the shop');
    writeFileSync(path.join(dir, 'shop.yml'), shop(true));
    git('commit', '-q', '-am', 'mails its customers');
  });

  const flow = { from: 'system:shop', to: 'system:mailer', categories: ['user.contact.email'], sources: [{ file: 'shop.yml', line: 9 }] };

  it("an egress to a mailer: the flow of the customers' e-mail addresses added, on its line; the other way round, removed", async () => {
    const added = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(added.err, '');
    assert.equal(added.code, 0);
    assert.deepEqual((JSON.parse(added.out) as { privacy: unknown }).privacy, { added: [flow], removed: [] });
    const removed = await runCli(['diff', '--base', 'HEAD', '--head', 'HEAD~1', '--format', 'json'], scratch.dir);
    assert.deepEqual((JSON.parse(removed.out) as { privacy: unknown }).privacy, { added: [], removed: [flow] });
  });

  it('the text and the comment say it (no other change)', async () => {
    const text = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], scratch.dir);
    assert.deepEqual(text.out.split('\n').slice(1), ['personal data flows: 1 added, 0 removed', '  + system:shop → system:mailer (user.contact.email) (shop.yml:9)', '']);
    const comment = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], scratch.dir);
    const lines = comment.out.split('\n');
    assert.equal(lines[2], '**0 components (0 added, 0 removed, 0 changed) · 0 connections (0 added, 0 removed) · 0 entry points (0 opened, 0 closed) · 1 personal data flow (1 added, 0 removed)**');
    assert.ok(lines.includes('| added | system:shop | system:mailer | user.contact.email | shop.yml:9 |'), comment.out);
  });
});
