/**
 * The rule for a side file a check could not read (common/sideFile.ts): one finding on the line that
 * names it, saying why, and the check goes on as if the file gave nothing (issue #50).
 */
import type { NotRead } from '../common/sideFile';
import { t } from '../l10n/t';
import { defineRule } from './registry';

export const sideFileLimitRule = defineRule({
  id: 'side-file-limit',
  defaultSeverity: 'warning',
  description:
    'A file a check reads besides the one it checks (a Compose .env or env_file) is not read: it resolves outside the workspace (links followed), is not a regular file (a device, FIFO or socket), is larger than archipel.validation.maxSideFileKb, or cannot be read. The check goes on without it.',
});

/** Why `written` (the path as the file names it) was not read, in the user's words; undefined for a missing file (each family says that its own way). */
export function sideFileMessage(written: string, refused: NotRead, maxKb: number): string | undefined {
  switch (refused) {
    case 'missing':
      return undefined;
    case 'outside':
      return t('"{0}" is not read: it resolves outside the workspace, and Archipel reads nothing outside it unless you name the path on the command line. Its variables are unknown to the checks.', written);
    case 'not-a-file':
      return t('"{0}" is not read: it is not a regular file (a device, a FIFO or a socket, perhaps behind a link).', written);
    case 'too-large':
      return t('"{0}" is not read: it is larger than {1} KB (archipel.validation.maxSideFileKb).', written, maxKb);
    case 'unreadable':
      return t('"{0}" could not be read (permissions?): the checks go on without it.', written);
  }
}
