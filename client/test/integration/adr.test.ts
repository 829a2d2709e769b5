// ADR commands end to end in a real VS Code: the server computes the edits, the commands apply and
// save them, and the server then sees both files linked (diagnostics, code lenses).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

/** Polls `check` until it returns a value, or fails at the deadline with the last thing seen. */
async function poll<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await check().catch((error: unknown) => ((last = error), undefined));
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${String(last)}`);
    await new Promise<void>((resolve) => {
      const subscription = vscode.languages.onDidChangeDiagnostics(() => done());
      const timer = setTimeout(done, 200);
      function done() {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
  }
}

const text = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.map((l) => l.command?.title ?? '');
}

describe('ADR commands', () => {
  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the ADR commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of ['archipel.newAdr', 'archipel.supersedeAdr', 'archipel.linkAdrs', 'archipel.changeAdrStatus', 'archipel.generateAdrIndex', 'archipel.openAdr']) {
      assert.ok(commands.has(id), `${id} is not registered`);
    }
  });

  it('Archipel: New ADR creates the next ADR; Supersede ADR writes both files, which end up linked', async () => {
    const created = await vscode.commands.executeCommand<string>('archipel.newAdr', { title: 'Use PostgreSQL for the feature store', format: 'nygard' });
    const old = workspaceFile('docs/adr/0002-use-postgresql-for-the-feature-store.md');
    assert.equal(created, old.toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), old.toString());
    assert.match(await text(old), /^# 2\. Use PostgreSQL for the feature store\n\nDate: \d{4}-\d{2}-\d{2}\n\n## Status\n\nProposed\n/);

    const successor = await vscode.commands.executeCommand<string>('archipel.supersedeAdr', { target: created, title: 'Use a lakehouse', format: 'madr' });
    const next = workspaceFile('docs/adr/0003-use-a-lakehouse.md');
    assert.equal(successor, next.toString());
    // Both files are written and saved: each names the other.
    assert.match(await text(old), /## Status\n\nSuperseded by \[3\. Use a lakehouse\]\(0003-use-a-lakehouse\.md\)\n/);
    assert.match(await text(next), /^---\nstatus: accepted\n[\s\S]*\n# Use a lakehouse\n\nSupersedes \[ADR-0002\]\(0002-use-postgresql-for-the-feature-store\.md\)\n/);
    for (const uri of [old, next]) assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.isDirty ?? false, false);

    // The server sees the pair as linked: no supersession problem, code lenses both ways.
    await vscode.window.showTextDocument(old);
    const diagnostics = await waitForDiagnostics(old, (d) => d.length > 0 && !d.some((x) => codeOf(x).startsWith('adr-supersession') || codeOf(x) === 'adr-status'));
    assert.deepEqual([...new Set(diagnostics.map(codeOf))], ['adr-empty-section']);
    assert.deepEqual(await poll('lens on 0002', async () => ((await lensTitles(old)).includes('superseded by 0003') ? lensTitles(old) : undefined)), ['superseded by 0003']);
    assert.deepEqual(await poll('lens on 0003', async () => ((await lensTitles(next)).includes('supersedes 0002') ? lensTitles(next) : undefined)), ['supersedes 0002']);
  });

  it('Link ADRs, Change ADR Status and Generate ADR Index take their inputs as arguments', async () => {
    const first = workspaceFile('docs/adr/0001-record-architecture-decisions.md');
    const created = await vscode.commands.executeCommand<string>('archipel.newAdr', { title: 'Serve models with KServe', format: 'nygard' });
    await vscode.commands.executeCommand('archipel.linkAdrs', { source: created, target: first.toString(), verb: 'Amends' });
    assert.match(await text(vscode.Uri.parse(created)), /Proposed\n\nAmends \[1\. Record architecture decisions\]\(0001-record-architecture-decisions\.md\)\n/);
    assert.match(await text(first), /Accepted\n\nAmended by \[\d\. Serve models with KServe\]/);
    await vscode.commands.executeCommand('archipel.changeAdrStatus', { uri: created, status: 'Accepted' });
    assert.match(await text(vscode.Uri.parse(created)), /## Status\n\nAccepted\n/);
    const readme = await vscode.commands.executeCommand<string>('archipel.generateAdrIndex', { folder: workspaceFile('docs/adr').toString() });
    assert.equal(readme, workspaceFile('docs/adr/README.md').toString());
    assert.match(await text(vscode.Uri.parse(readme)), /<!-- archipel:adr-index:start -->\n\| ADR \| Decision \| Status \| Date \|\n\| --- \| --- \| --- \| --- \|\n\| 0001 \| \[Record architecture decisions\]/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('archipel.newAdr', { title: '???' })), /at least one letter/);
  });
});
