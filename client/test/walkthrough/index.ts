// Entry of the walkthrough suite (scripts/test-extension.mjs runs it in a second window): its
// workspace is a copy of the example the extension ships, in a folder outside any clone.
import { runSuite } from '../integration/index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
