/**
 * The page side of a panel: VS Code's webview API with typed, validated messages and state.
 *
 *   const page = connect({ toPage: ToPage, state: State }, (message) => { ... });
 *   page.post({ type: 'reveal', uri, range });
 */
import type * as v from 'valibot';
import { describeRejection, receive } from './messages';
import { vscodeApi } from './vscode';

export interface Page<ToHost, State> {
  post(message: ToHost): void;
  /** The state VS Code kept for this panel (after a reload or a restore), when it is valid. */
  state(): State | undefined;
  setState(state: State): void;
  /** Reports an error to the host's log (and keeps it visible in the page's console). */
  reportError(error: unknown): void;
}

export function connect<ToPage extends v.GenericSchema, ToHost, State extends v.GenericSchema>(
  schemas: { toPage: ToPage; state: State },
  onMessage: (message: v.InferOutput<ToPage>) => void | Promise<void>,
): Page<ToHost, v.InferOutput<State>> {
  const vscode = vscodeApi<unknown, unknown>();
  const reportError = (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(message);
    vscode.postMessage({ type: 'pageError', message: message.slice(0, 10_000) });
  };
  window.addEventListener('message', (event: MessageEvent) => {
    const received = receive(schemas.toPage, event.data);
    if (!received.ok) {
      reportError(describeRejection(event.data, received.issues));
      return;
    }
    try {
      const done = onMessage(received.message);
      if (done instanceof Promise) done.catch(reportError);
    } catch (error) {
      reportError(error);
    }
  });
  window.addEventListener('error', (event) => reportError(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => reportError(event.reason));
  return {
    post: (message) => vscode.postMessage(message),
    state: () => {
      const saved = vscode.getState();
      if (saved === undefined || saved === null) return undefined;
      const checked = receive(schemas.state, saved);
      return checked.ok ? checked.message : undefined;
    },
    setState: (state) => void vscode.setState(state),
    reportError,
  };
}

/** The data the host embedded in the page (`#archipel-data`), validated; undefined when absent or invalid. */
export function initialData<S extends v.GenericSchema>(schema: S): v.InferOutput<S> | undefined {
  const element = document.getElementById('archipel-data');
  if (!element?.textContent) return undefined;
  try {
    const received = receive(schema, JSON.parse(element.textContent));
    return received.ok ? received.message : undefined;
  } catch {
    return undefined;
  }
}
