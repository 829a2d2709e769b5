/** `archipel/raciModel`: the RACI dashboard's model, with the file's diagnostics to highlight. */
import { onFileModelRequest, type RequestFamily } from '../features/requests';
import { RaciModelRequest } from '../protocol/raci';
import { raciModelData } from './dashboard';

export const raciRequests: RequestFamily = (registry) => {
  onFileModelRequest(registry, RaciModelRequest, async (file, context) => raciModelData(file, await context.settings(file.uri), await context.diagnose(file.uri)));
};
