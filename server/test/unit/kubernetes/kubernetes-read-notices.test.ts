// What the map read of a manifest despite an error is said, with its line, and what it left out too (issue #95):
// spring-petclinic-cloud's Deployments repeat `resources:` (kubectl keeps the last value; the map reads them so), and a
// document with any other YAML error, no object at all, vanished without a word. Both are notices of the ledger
// (platform/notRead.ts), never a file not read: `diff --fail-on` does not fail on them.
// Reduction in fixtures/oss/system/spring-petclinic+spring-petclinic-cloud.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { corpus, indexFolder } from '../system/repositories';
import path from 'node:path';
import { manifestNotices } from '../../../src/kubernetes/model/readNotices';
import { addNoticeSource, noticesJson, noticeText, ReadLedger } from '../../../src/platform/notRead';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';

describe('Kubernetes: what the map read despite an error, and left out, is said (issue #95)', () => {
  const root = path.join(corpus, 'spring-petclinic+spring-petclinic-cloud');

  it('a repeated key: read, said at the repeated key with kubectl\'s reading', () => {
    const notices = manifestNotices(indexFolder(root)).map((n) => `${path.relative(root, fileURLToPath(n.uri))}:${n.line}: ${n.notice}`);
    assert.deepEqual(notices, ['k8s/customers-service-deployment.yaml:47: read despite a duplicate key "resources" (kubectl keeps the last)']);
  });

  it('another error: the document left out is said with its line and the error', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///ws/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: [1\n');
    const notices = manifestNotices(index);
    assert.equal(notices.length, 1);
    assert.equal(notices[0].uri, 'file:///ws/broken.yaml');
    assert.ok(notices[0].line >= 9 && notices[0].notice.startsWith('not read: '), JSON.stringify(notices));
  });

  it('the ledger says them in text and JSON, apart from the files not read', () => {
    addNoticeSource(manifestNotices);
    const ledger = new ReadLedger();
    ledger.addIndex(indexFolder(root));
    const notices = ledger.notices((file) => path.relative(root, file).split(path.sep).join('/'));
    assert.deepEqual(noticesJson(notices), { notices: [{ file: 'k8s/customers-service-deployment.yaml', line: 47, notice: 'read despite a duplicate key "resources" (kubectl keeps the last)' }] });
    assert.deepEqual(noticeText(notices), ['Read with a notice (1):', '  k8s/customers-service-deployment.yaml:47: read despite a duplicate key "resources" (kubectl keeps the last)']);
    assert.ok(!ledger.list().some((f) => f.file.endsWith('customers-service-deployment.yaml')));
    assert.deepEqual(noticesJson([]), {});
  });
});
