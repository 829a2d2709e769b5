// The fake family's worker script (a forked process or a thread, as the test starts it).
import { serveWorker } from '../../src/engines/core/serve';
import { fakeFamily } from './fakeFamily';

serveWorker([fakeFamily]);
