// The Security view's fixture (issue #65): a workspace's files indexed as the server reads them, and
// `archipel/securityView` answered by the threats family's own request handler (families/threats.ts's
// `requests`), on the example and on the planted stack of the server's tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { familyHost } from '../../server/src/families/index';
import { threatsFamily } from '../../server/src/families/threats';
import type { RequestContext, RequestRegistry } from '../../server/src/features/requests';
import type { SecurityViewResult } from '../../server/src/protocol/threats';
import { indexOptions } from '../../server/src/service';
import { defaultSettings } from '../../server/src/settings';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { PORTFOLIO } from './fixtures';
import { REPO_ROOT } from './harness';

/** The planted stack of the threats' tests: every rule fires once (server/test/fixtures/threats/insecure). */
export const INSECURE = path.join(REPO_ROOT, 'server', 'test', 'fixtures', 'threats', 'insecure');

function indexOf(root: string): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ya?ml|json|md|mmd|tf|csv)$|Dockerfile$/.test(name)) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    }
  };
  walk(root);
  return index;
}

/** `archipel/securityView` on the files of `root` (the example when none), as the server answers it. */
export async function securityViewOf(root: string = PORTFOLIO): Promise<SecurityViewResult> {
  let handler: ((params: unknown, context: RequestContext) => unknown) | undefined;
  const registry: RequestRegistry = {
    onRequest: (type, run) => {
      if (type.method === 'archipel/securityView') handler = run as typeof handler;
    },
    summarizeIndex: () => undefined,
  };
  threatsFamily.requests!(registry as Parameters<NonNullable<typeof threatsFamily.requests>>[0], familyHost());
  const index = indexOf(root);
  const context = {
    index,
    workspaceFolders: [root],
    file: (uri: string) => index.get(uri),
    settings: () => Promise.resolve(defaultSettings),
    diagnose: () => Promise.resolve([]),
    workspaceReady: () => Promise.resolve(),
    isCancelled: () => false,
    signal: new AbortController().signal,
    assertInWorkspace: () => undefined,
  } as unknown as RequestContext;
  if (!handler) throw new Error('the threats family registers no archipel/securityView');
  return (await handler({}, context)) as SecurityViewResult;
}
