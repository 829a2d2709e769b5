// Archipel: Serve Model / Stop Model Service (issue #21): `archipel serve` (the bundled CLI) as a
// VS Code task, on a free loopback port, with the model archipel.yaml's predict section names (the
// server lists them) or the one picked, served with the recipe and threshold its archipel.yaml
// configures (as Predict uses them); its URL and request rate in the status bar (from /metrics,
// polled on loopback with a bounded timeout). Serving runs the model: refused in an untrusted workspace.
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { ServeTargetsRequest, type ServeTarget } from '../../../server/src/protocol';
import type { ArchipelLanguageClient } from '../lsp/client';

const TASK_TYPE = 'archipel-serve';
/** How long the service may take to answer /health after its task starts. */
const START_TIMEOUT_MS = 60_000;
const POLL_MS = 2_000;
const FETCH_TIMEOUT_MS = 1_500;

interface ServeDefinition extends vscode.TaskDefinition {
  model: string;
  recipe?: 'ohlcv-22';
  threshold?: number;
  port?: number;
}

interface Running {
  execution: vscode.TaskExecution;
  url: string;
  model: string;
  stopping: boolean;
  poller?: ReturnType<typeof setInterval>;
  last?: { at: number; count: number };
}

/** A free loopback port (bound, then released for the service). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The requests answered so far, from the Prometheus text (the status bar's own /metrics polls left out). */
export function requestCount(metrics: string): number {
  let total = 0;
  for (const match of metrics.matchAll(/^archipel_serve_http_requests_total\{([^}]*)\} (\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/gm)) {
    if (!match[1].includes('route="/metrics"')) total += Number(match[2]);
  }
  return total;
}

function taskFor(context: vscode.ExtensionContext, definition: ServeDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace): vscode.Task {
  const cli = context.asAbsolutePath(path.join('dist', 'server', 'cli.js'));
  const args = [
    cli, 'serve', definition.model, '--port', String(definition.port ?? 5000),
    ...(definition.recipe ? ['--recipe', definition.recipe] : []),
    ...(definition.threshold !== undefined ? ['--threshold', String(definition.threshold)] : []),
  ];
  // The editor's own Node (Electron run as Node), as the language server runs.
  const execution = new vscode.ProcessExecution(process.execPath, args, { env: { ELECTRON_RUN_AS_NODE: '1' } });
  const task = new vscode.Task(definition, scope, vscode.l10n.t('Serve {0}', path.basename(definition.model)), 'archipel', execution);
  task.isBackground = true;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, panel: vscode.TaskPanelKind.Dedicated };
  return task;
}

/** A model file with the recipe and threshold of the archipel.yaml that configures it (none: as it is). */
async function configured(model: string, client: ArchipelLanguageClient): Promise<ServeTarget> {
  const languageClient = client.languageClient;
  const { targets, problems } = languageClient ? await languageClient.sendRequest(ServeTargetsRequest, { model }) : { targets: [], problems: [] };
  for (const problem of problems) void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: {0}', problem));
  return targets[0] ?? { model, config: '' };
}

/** The model to serve: the argument (an .onnx from the explorer), the configured one(s), or a picked file. */
async function pickModel(arg: unknown, client: ArchipelLanguageClient): Promise<ServeTarget | undefined> {
  if (arg instanceof vscode.Uri && arg.fsPath.toLowerCase().endsWith('.onnx')) return configured(arg.fsPath, client);
  const languageClient = client.languageClient;
  const { targets, problems } = languageClient ? await languageClient.sendRequest(ServeTargetsRequest, {}) : { targets: [], problems: [] };
  for (const problem of problems) void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: {0}', problem));
  if (targets.length === 1) return targets[0];
  if (targets.length > 1) {
    const picked = await vscode.window.showQuickPick(
      targets.map((t) => ({ label: path.basename(t.model), description: vscode.workspace.asRelativePath(t.model), detail: vscode.workspace.asRelativePath(t.config), target: t })),
      { placeHolder: vscode.l10n.t('The model to serve') },
    );
    return picked?.target;
  }
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Serve'), filters: { [vscode.l10n.t('ONNX models')]: ['onnx'] } });
  return files?.[0] ? configured(files[0].fsPath, client) : undefined;
}

async function waitHealthy(url: string, running: () => boolean): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && running()) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

export function register(context: vscode.ExtensionContext, deps: { client: ArchipelLanguageClient }): void {
  const status = vscode.window.createStatusBarItem('archipel.modelService', vscode.StatusBarAlignment.Left, 10);
  status.name = vscode.l10n.t('Archipel model service');
  status.command = 'archipel.stopModelService';
  let running: Running | undefined;

  const show = (rate?: number) => {
    if (!running) return status.hide();
    const rateText = rate === undefined ? '' : ` · ${vscode.l10n.t('{0} req/s', rate.toFixed(rate < 10 ? 1 : 0))}`;
    status.text = `$(broadcast) ${path.basename(running.model)} · ${running.url.replace('http://', '')}${rateText}`;
    status.tooltip = vscode.l10n.t('Serving {0} at {1}. Click to stop.', running.model, running.url);
    status.show();
  };

  const poll = async () => {
    const current = running;
    if (!current) return;
    try {
      const response = await fetch(`${current.url}/metrics`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      const count = requestCount(await response.text());
      const at = Date.now();
      const rate = current.last ? ((count - current.last.count) * 1000) / Math.max(1, at - current.last.at) : undefined;
      current.last = { at, count };
      if (running === current) show(rate);
    } catch {
      // A missed poll keeps the last rate; the task's end clears the item.
    }
  };

  const stop = async (): Promise<void> => {
    const current = running;
    if (!current) return;
    current.stopping = true;
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution === current.execution) {
          listener.dispose();
          resolve();
        }
      });
    });
    current.execution.terminate();
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 35_000))]);
  };

  context.subscriptions.push(
    status,
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: () => [],
      // A task of this type in tasks.json: the bundled CLI with its model, recipe and port.
      resolveTask: (task) => taskFor(context, task.definition as ServeDefinition, (task.scope as vscode.WorkspaceFolder | undefined) ?? vscode.TaskScope.Workspace),
    }),
    vscode.tasks.onDidEndTaskProcess((e) => {
      if (!running || e.execution !== running.execution) return;
      const ended = running;
      clearInterval(ended.poller);
      running = undefined;
      show();
      void vscode.commands.executeCommand('setContext', 'archipel.modelServiceRunning', false);
      if (!ended.stopping && e.exitCode !== 0) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the model service stopped (exit code {0}); its terminal says why.', String(e.exitCode)));
      }
    }),
    vscode.commands.registerCommand('archipel.serveModel', async (arg?: unknown): Promise<{ url: string; model: string } | undefined> => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: serving a model runs it; trust this workspace to serve one.'));
        return undefined;
      }
      if (running) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: {0} is already served at {1}.', path.basename(running.model), running.url));
        return { url: running.url, model: running.model };
      }
      const target = await pickModel(arg, deps.client);
      if (!target) return undefined;
      const port = await freePort();
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(target.model));
      const definition: ServeDefinition = {
        type: TASK_TYPE, model: target.model, port,
        ...(target.recipe ? { recipe: target.recipe } : {}),
        ...(target.threshold !== undefined ? { threshold: target.threshold } : {}),
      };
      const execution = await vscode.tasks.executeTask(taskFor(context, definition, folder ?? vscode.TaskScope.Workspace));
      const current: Running = { execution, url: `http://127.0.0.1:${port}`, model: target.model, stopping: false };
      running = current;
      status.text = `$(loading~spin) ${vscode.l10n.t('Starting {0}…', path.basename(target.model))}`;
      status.show();
      if (!(await waitHealthy(current.url, () => running === current))) {
        if (running === current) {
          void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the model service did not answer /health within {0} s; its terminal says why.', START_TIMEOUT_MS / 1000));
          await stop();
        }
        return undefined;
      }
      current.poller = setInterval(() => void poll(), POLL_MS);
      void poll();
      show();
      void vscode.commands.executeCommand('setContext', 'archipel.modelServiceRunning', true);
      void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: serving {0} at {1}.', path.basename(target.model), current.url), vscode.l10n.t('Open Model Info')).then((choice) => {
        if (choice) void vscode.env.openExternal(vscode.Uri.parse(`${current.url}/model/info`));
      });
      return { url: current.url, model: current.model };
    }),
    vscode.commands.registerCommand('archipel.stopModelService', async () => {
      if (!running) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: no model service is running.'));
        return;
      }
      await stop();
    }),
    { dispose: () => void stop() },
  );
}
