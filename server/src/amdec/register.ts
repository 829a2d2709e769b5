/** `archipel/amdecModel`: the risk dashboard's model, with the file's diagnostics to highlight. */
import type { RequestFamily } from '../features/requests';
import { AmdecModelRequest } from '../protocol/amdec';
import { amdecModelData } from './dashboard';
import { localDate } from './feature';

export const amdecRequests: RequestFamily = (registry) => {
  registry.onRequest(
    AmdecModelRequest,
    async ({ uri }, context) => {
      await context.workspaceReady();
      const file = context.file(uri);
      return file ? amdecModelData(file, context.index, localDate(context.dependencies().now()), await context.diagnose(uri)) : null;
    },
    { fallback: null },
  );
};
