/** The VS Code theme kind, as VS Code sets it on <body>, and its changes. */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const kind = body.dataset.vscodeThemeKind ?? body.className;
  if (/vscode-high-contrast-light/.test(kind)) return 'high-contrast-light';
  if (/vscode-high-contrast/.test(kind)) return 'high-contrast';
  if (/vscode-light/.test(kind)) return 'light';
  return 'dark';
}

/** Calls `listener` whenever VS Code switches theme (it rewrites <body>'s class and data attribute). */
export function onThemeChange(listener: (kind: ThemeKind) => void): () => void {
  let last = themeKind();
  const observer = new MutationObserver(() => {
    const kind = themeKind();
    if (kind !== last) {
      last = kind;
      listener(kind);
    }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return () => observer.disconnect();
}

/** A CSS custom property's current value (`--vscode-editor-foreground`), with a fallback. */
export function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}
