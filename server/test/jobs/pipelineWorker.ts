// The pipeline family in a forked worker (the server runs it on its own thread: an InThreadWorker),
// so that the test of worker languages covers it as it covers blur's and predict's worker scripts.
import { serveWorker } from '../../src/engines/core/serve';
import { HashCache } from '../../src/engines/pipeline/hashCache';
import { pipelineRunFamily } from '../../src/engines/pipeline/spec';

serveWorker([
  pipelineRunFamily(async (root) => {
    const cache = HashCache.forRoot(root);
    await cache.load();
    return cache;
  }),
]);
