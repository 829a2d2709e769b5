import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type CancellationToken, type LanguageClientOptions, type NotificationType, type RequestParam, type RequestType, type ServerOptions } from 'vscode-languageclient/node';
import { IndexStatusNotification, type IndexStatus } from '../../../server/src/protocol';
import { WorkspaceTrustNotification, type ComputeInitializationOptions } from '../../../server/src/protocol/compute';

/**
 * Owns the LanguageClient: start, restart, stop, and the status-bar item that shows the server's
 * state and the workspace index. Everything else talks to the server through it.
 */
export class ArchipelLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly status: vscode.StatusBarItem;
  private indexStatus: IndexStatus | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Notification handlers of the features, registered again on every (re)started client. */
  private readonly handlers: ((client: LanguageClient) => vscode.Disposable)[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {
    this.status = vscode.window.createStatusBarItem('archipel.status', vscode.StatusBarAlignment.Left, 0);
    this.status.name = 'Archipel';
    this.status.command = 'archipel.showOutput';
    this.render('starting');
    this.status.show();
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  /** Sends a custom request (declared in server/src/protocol/); fails with a clear message when the server is not running. */
  async request<P, R>(type: RequestType<P, R, void>, params: RequestParam<P>, token?: CancellationToken): Promise<R> {
    const client = this.client;
    if (!client) throw new Error(vscode.l10n.t('The Archipel language server is not running.'));
    return token ? client.sendRequest(type, params, token) : client.sendRequest(type, params);
  }

  /** Listens to a server notification for the extension's lifetime, across server restarts. */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable {
    const register = (client: LanguageClient) => client.onNotification(type, handler);
    this.handlers.push(register);
    const current = this.client ? register(this.client) : undefined;
    return new vscode.Disposable(() => {
      current?.dispose();
      this.handlers.splice(this.handlers.indexOf(register), 1);
    });
  }

  async start(): Promise<void> {
    const serverModule = this.context.asAbsolutePath('dist/server/server.js');
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const exclude = Object.entries(vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {})
      .filter(([, on]) => on === true)
      .map(([pattern]) => pattern);
    const clientOptions: LanguageClientOptions = {
      // Markdown goes to the server too: it decides which files are ADRs (ADR folders, .adr-dir).
      // github-actions-workflow: GitHub's Actions extension gives workflow files its own language id.
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
        { scheme: 'file', language: 'markdown' },
        { scheme: 'file', language: 'github-actions-workflow' },
        // Mermaid files: their syntax errors come from the server's Mermaid parser.
        { scheme: 'file', language: 'mermaid' },
        { scheme: 'untitled', language: 'mermaid' },
        // Great Expectations suites (issue #29): *.expectations.json and GX's gx/expectations/ folder.
        { scheme: 'file', pattern: '**/{*.expectations.json,expectations/**/*.json}' },
      ],
      synchronize: {
        fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,md,markdown,mmd,mermaid,expectations.json}'), vscode.workspace.createFileSystemWatcher('**/.adr-dir')],
      },
      outputChannel: this.output,
      // The server refuses jobs that execute workspace content (models) unless the workspace is trusted.
      initializationOptions: { exclude, workspaceTrusted: vscode.workspace.isTrusted } satisfies ComputeInitializationOptions & { exclude: string[] },
    };
    const client = new LanguageClient('archipel', 'Archipel Language Server', serverOptions, clientOptions);
    this.client = client;
    // Trust is granted during a session; revoking it reloads the window (and restarts the server).
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WorkspaceTrustNotification, { trusted: true })));
    this.disposables.push(
      client.onDidChangeState(({ newState }) => {
        this.render(newState === State.Running ? 'running' : newState === State.Starting ? 'starting' : 'stopped');
      }),
    );
    this.render('starting');
    for (const register of this.handlers) this.disposables.push(register(client));
    await client.start();
    this.disposables.push(
      client.onNotification(IndexStatusNotification, (status) => {
        this.indexStatus = status;
        this.render('running');
      }),
    );
  }

  async restart(): Promise<void> {
    await this.stop();
    this.indexStatus = undefined;
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    if (client) await client.stop();
    this.render('stopped');
  }

  private render(state: 'starting' | 'running' | 'stopped'): void {
    const index = this.indexStatus;
    if (state === 'stopped') {
      this.status.text = '$(circle-slash) Archipel';
      this.status.tooltip = vscode.l10n.t('Archipel language server is stopped. Click to show its output.');
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    this.status.backgroundColor = undefined;
    if (state === 'starting' || index?.state === 'scanning') {
      this.status.text = '$(sync~spin) Archipel';
      this.status.tooltip = state === 'starting' ? vscode.l10n.t('Archipel language server is starting…') : vscode.l10n.t('Archipel is indexing the workspace…');
      return;
    }
    if (index?.leftOut) {
      // archipel.files.maxFiles was reached: say it rather than index part of the workspace silently.
      this.status.text = '$(warning) Archipel';
      this.status.tooltip = vscode.l10n.t('Archipel: {0} files indexed; {1} more files were left out (the archipel.files.maxFiles setting). Click to show the output.', index.files, index.leftOut);
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    this.status.text = '$(check) Archipel';
    this.status.tooltip = index
      ? index.scanMs !== undefined
        ? vscode.l10n.t('Archipel: {0} files, {1} Kubernetes objects indexed in {2} ms. Click to show the output.', index.files, index.objects, index.scanMs)
        : vscode.l10n.t('Archipel: {0} files, {1} Kubernetes objects indexed. Click to show the output.', index.files, index.objects)
      : vscode.l10n.t('Archipel language server is running. Click to show its output.');
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
  }
}
