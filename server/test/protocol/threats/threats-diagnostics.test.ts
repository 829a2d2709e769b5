// The derived risks as diagnostics over LSP (issue #65): the built server, on the planted insecure
// stack with a Fides manifest (the workspace asks), gives an opened Compose file its threat-*
// diagnostics on their lines; an edit that removes a cause removes its risk; a request about another
// file sent with the edit is answered, as is shutdown.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-types';
import { fixturesDir } from '../../helpers';
import { copyTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const FIDES = 'system:\n  - fides_key: web\n    name: web\n    system_type: Service\n    dataset_references: [orders]\n    privacy_declarations:\n      - name: Sell to customers\n        data_use: essential.service\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n        retention_period: 3 years\n';

describe('threat diagnostics over LSP', function () {
  this.timeout(120_000);
  const workspace = copyTree(path.join(fixturesDir, 'threats', 'insecure'));
  writeFileSync(path.join(workspace.root, 'shop.fides.yml'), FIDES);
  const uri = (name: string) => pathToFileURL(path.join(workspace.root, name)).href;
  let client: TestLspClient;

  before(async () => {
    client = await TestLspClient.startInWorkspace(workspace.root);
    await client.indexReady();
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  const threats = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => String(d.code).startsWith('threat-')).map((d) => `${d.range.start.line + 1} ${String(d.code)}`);

  it('an opened file gets its risks; an edit removing a cause removes its risk, and another file is answered meanwhile', async () => {
    const compose = readFileSync(path.join(workspace.root, 'compose.yaml'), 'utf8');
    client.open(uri('compose.yaml'), compose, 1);
    const first = threats(await client.waitForDiagnostics(uri('compose.yaml'), 1, (d) => d.some((x) => x.code === 'threat-container-platform-escape'), ));
    assert.ok(first.includes('13 threat-container-platform-escape'), first.join('\n'));
    assert.ok(first.includes('19 threat-accidental-secret-leak'), first.join('\n'));
    // The Docker socket no longer mounted: the escape goes, the secret stays.
    const edited = compose.replace('    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n', '');
    client.open(uri('k8s/api.yaml'), readFileSync(path.join(workspace.root, 'k8s', 'api.yaml'), 'utf8'), 1);
    client.replace(uri('compose.yaml'), edited, 2);
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('k8s/api.yaml') } });
    assert.ok(symbols.length > 0, "the other file's symbols");
    const second = threats(await client.waitForDiagnostics(uri('compose.yaml'), 2, (d) => d.some((x) => x.code === 'threat-accidental-secret-leak')));
    assert.ok(!second.some((d) => d.endsWith('threat-container-platform-escape')), second.join('\n'));
    assert.ok(second.includes('17 threat-accidental-secret-leak'), second.join('\n'));
  });
});
