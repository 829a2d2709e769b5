/** Which files are expectation suites (common/ownFiles.ts): the one decision of `archipel check` and suite.ts. */
import type { OwnFiles } from '../common/ownFiles';

/** `*.expectations.{json,yaml,yml}`, or a JSON file in an `expectations` folder (GX's layout, `gx/expectations/*.json`). */
export function isSuiteFile(uri: string): boolean {
  return /\.expectations\.(json|ya?ml)$/i.test(uri) || /[\\/]expectations[\\/](.+[\\/])?[^\\/]+\.json$/i.test(uri);
}

export const validateOwn: OwnFiles = { test: (path) => isSuiteFile(path) };
