/**
 * What a check learns of a side file — a file it reads besides the one it checks (a Compose `.env`
 * or `env_file`, a pipeline's params file, a `.dvc` file, a `.dockerignore`): its text, or why it
 * was not read. The reading is disk/readText.ts's (readSideText), injected into the pure services;
 * rules/sideFile.ts turns a refusal into the finding on the line that names the file.
 */

/** Why a bounded read gave no bytes. */
export type NotRead = 'missing' | 'outside' | 'not-a-file' | 'too-large' | 'unreadable';

/** A side file's text, or why it was not read. */
export type SideText = { readonly text: string } | { readonly refused: NotRead };

/** The default bound of a side file (archipel.validation.maxSideFileKb). */
export const DEFAULT_SIDE_FILE_KB = 1024;

/** The text read, undefined when the file was not read (a reader that only needs what the file gives). */
export function textOf(read: SideText): string | undefined {
  return 'text' in read ? read.text : undefined;
}
