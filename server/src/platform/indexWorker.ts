/**
 * An index thread (bundled as dist/server/indexWorker.js; started by platform/indexLoad.ts): reads,
 * parses and summarises batches of files for the workspace index (platform/indexRead.ts), so that
 * a scan of 100,000 manifests uses every core and the main thread only merges the results.
 */
import { Peer } from '../engines/core/channel';
import { prepareWorker } from '../engines/core/serve';
import { hostEndpoint } from '../engines/core/workers';
import { READ_FOR_INDEX, STAT_FOR_INDEX, statForIndex, type ReadRequest } from './indexRead';
import { readForIndex } from './indexThreadRead';
import { preemptiveStopper } from './stopper';
import { installStopper } from '../workspace/work';

prepareWorker();
// Each file's reading within its budget (ReadRequest.budgetMs); the thread's memory is bounded by its resourceLimits (indexLoad.ts).
installStopper(preemptiveStopper);
const peer = new Peer(hostEndpoint());
peer.onRequest<ReadRequest, ReturnType<typeof readForIndex>>(READ_FOR_INDEX, (request) => readForIndex(request));
peer.onRequest<string[], ReturnType<typeof statForIndex>>(STAT_FOR_INDEX, (files) => statForIndex(files));
