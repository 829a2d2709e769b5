/** `archipel/amdecModel`: the risk dashboard's model, with the file's diagnostics to highlight. */
import { onFileModelRequest, type RequestFamily } from '../features/requests';
import { AmdecModelRequest } from '../protocol/amdec';
import { amdecModelData } from './dashboard';
import { localDate } from './feature';

export const amdecRequests: RequestFamily = (registry) => {
  onFileModelRequest(registry, AmdecModelRequest, async (file, context) => amdecModelData(file, context.index, localDate(context.dependencies().now()), await context.diagnose(file.uri)));
};
