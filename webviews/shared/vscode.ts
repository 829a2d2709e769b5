/** The API VS Code gives a webview page (`acquireVsCodeApi`), typed by the page's messages and state. */
export interface VsCodeApi<Message, State> {
  postMessage(message: Message): void;
  getState(): State | undefined;
  setState(state: State): State;
}

declare function acquireVsCodeApi<Message, State>(): VsCodeApi<Message, State>;

let api: unknown;

/** VS Code allows acquiring the API once per page: every module of the page shares this one. */
export function vscodeApi<Message, State>(): VsCodeApi<Message, State> {
  api ??= acquireVsCodeApi<Message, State>();
  return api as VsCodeApi<Message, State>;
}
