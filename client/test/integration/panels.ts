import * as vscode from 'vscode';

interface RenderedEvent {
  viewType: string;
  key: string;
  summary: Record<string, unknown>;
}
interface ArchipelApi {
  client: { languageClient: { sendRequest(method: string, params: unknown): Promise<unknown> } | undefined };
  panels: { onDidRender: vscode.Event<RenderedEvent>; last(viewType: string): RenderedEvent | undefined; deliver(viewType: string, data: unknown): boolean };
}

export async function archipelApi(): Promise<ArchipelApi> {
  const extension = vscode.extensions.getExtension<ArchipelApi>('archipel.archipel');
  if (!extension) throw new Error('the Archipel extension is not installed in the test host');
  return extension.activate();
}

/**
 * Resolves with the first report of a panel of `viewType` that `accept` takes, after `start()`
 * (the command that opens or changes it) has run; rejects at the deadline with the last report.
 */
export async function whenRendered(viewType: string, accept: (summary: Record<string, unknown>) => boolean, start: () => Thenable<unknown> | Promise<unknown>, timeoutMs = 30_000): Promise<RenderedEvent> {
  const api = await archipelApi();
  return new Promise<RenderedEvent>((resolve, reject) => {
    let last: RenderedEvent | undefined;
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no accepted report from ${viewType} within ${timeoutMs} ms; last: ${JSON.stringify(last?.summary)}`));
    }, timeoutMs);
    const subscription = api.panels.onDidRender((event) => {
      if (event.viewType !== viewType) return;
      last = event;
      if (accept(event.summary)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(event);
      }
    });
    Promise.resolve(start()).catch((error: unknown) => {
      clearTimeout(timer);
      subscription.dispose();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/** Whether a webview tab of `viewType` is open. */
export function webviewTabOpen(viewType: string): boolean {
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType)),
  );
}
