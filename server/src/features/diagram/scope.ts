/** Which files a diagram covers: those under one of the scope URIs (folders or files), or all. */
import { t } from '../../l10n/t';
export function inScopes(uri: string, scopes: readonly string[]): boolean {
  return scopes.length === 0 || scopes.some((scope) => uri === scope || uri.startsWith(scope.endsWith('/') ? scope : `${scope}/`));
}

/** A short name for the scopes in a title: ` under kubernetes` (the last segment of each). */
export function scopeSuffix(scopes: readonly string[]): string {
  if (scopes.length === 0) return '';
  const names = scopes.map((s) => decodeURIComponent(s.replace(/\/$/, '').slice(s.replace(/\/$/, '').lastIndexOf('/') + 1)));
  return t(' under {0}', names.join(', '));
}
