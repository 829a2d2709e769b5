import * as vscode from 'vscode';
import { AmdecModelRequest } from '../../../server/src/protocol';
import { SecurityViewRequest } from '../../../server/src/protocol/threats';
import { AmdecState, AmdecToHost } from '../../../webviews/amdec/messages';
import type { DashboardKind } from './dashboard';

/** The risk dashboard (webviews/amdec): matrix, Pareto, actions and revised ratings of one AMDEC/FMEA file; and the workspace's derived threats in Threagile's likelihood × impact matrix. */
export const riskDashboard: DashboardKind<typeof AmdecToHost, typeof AmdecState> = {
  description: { viewType: 'archipel.riskDashboard', bundle: 'amdec', toHost: AmdecToHost },
  state: AmdecState,
  request: AmdecModelRequest,
  title: (fileName) => vscode.l10n.t('Risks: {0}', fileName),
  extra: async (client) => ({ threats: await client.request(SecurityViewRequest, {}), lang: vscode.env.language }),
};
