/** `archipel/amdecModel`: the risk dashboard's model, with the file's diagnostics to highlight. */
import { onFileModelRequest, type RequestRegistry } from '../features/requests';
import { AmdecModelRequest } from '../protocol/amdec';
import { amdecModelData } from './dashboard';
import { localDate } from './feature';

/** `now`: the clock overdue actions are judged against. */
export function amdecRequests(registry: RequestRegistry, now: () => Date): void {
  onFileModelRequest(registry, AmdecModelRequest, async (file, context) => amdecModelData(file, context.index, localDate(now()), await context.diagnose(file.uri)));
}
