/** What the Prometheus family reads from the host (its descriptor, families/prometheus.ts, hands it to the lenses): whether promtool is on the PATH. */
import { onPath } from '../disk/onPath';

let promtool: boolean | undefined;
/** promtool on the PATH, looked up once per process (the "Run rule tests" lens appears only then). */
export const promtoolOnPath = (): boolean => (promtool ??= onPath('promtool'));
