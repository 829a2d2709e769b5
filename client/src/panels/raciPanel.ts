import { RaciModelRequest } from '../../../server/src/protocol';
import { RaciState, RaciToHost } from '../../../webviews/raci/messages';
import type { DashboardKind } from './dashboard';

/** The RACI dashboard (webviews/raci): activities × roles of one `*.raci.yaml`, problems highlighted. */
export const raciDashboard: DashboardKind<typeof RaciToHost, typeof RaciState> = {
  description: { viewType: 'archipel.raciDashboard', bundle: 'raci', toHost: RaciToHost },
  state: RaciState,
  request: RaciModelRequest,
  title: (fileName) => `RACI: ${fileName}`,
};
