/** `archipel/raciModel`: the RACI dashboard's model, with the file's diagnostics to highlight. */
import type { RequestFamily } from '../features/requests';
import { RaciModelRequest } from '../protocol/raci';
import { raciModelData } from './dashboard';

export const raciRequests: RequestFamily = (registry) => {
  registry.onRequest(
    RaciModelRequest,
    async ({ uri }, context) => {
      await context.workspaceReady();
      const file = context.file(uri);
      return file ? raciModelData(file, await context.settings(uri), await context.diagnose(uri)) : null;
    },
    { fallback: null },
  );
};
