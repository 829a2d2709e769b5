/** `archipel/amdecModel`: an AMDEC/FMEA file as plain data for the risk dashboard (matrix, rows, positions). */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';
import type { ModelProblem } from './problems';

export const AmdecModelRequest = new RequestType<AmdecModelParams, AmdecModelResult, void>('archipel/amdecModel');

export interface AmdecModelParams {
  uri: string;
}

export interface AmdecScoreData {
  severity: number;
  occurrence: number;
  detection: number;
  /** S × O × D (RPN or criticité). */
  product: number;
  /** Action Priority when the scales are 1–10. */
  ap?: 'H' | 'M' | 'L';
  /** at or above threshold / below threshold / high / medium / low / no threshold. */
  band: string;
  /** Needs an action or a justification. */
  needsTreatment: boolean;
}

export interface AmdecActionData {
  id?: string;
  action?: string;
  owner?: string;
  /** The owner's role name in the linked RACI, when known. */
  ownerName?: string;
  due?: string;
  status?: string;
  overdue: boolean;
  range: Range;
}

export interface AmdecRiskData {
  id?: string;
  /** The category as written, and what it stands for (technical, organisational, human, economic, legal). */
  category?: string;
  categoryKey?: string;
  item?: string;
  failureMode?: string;
  effect?: string;
  cause?: string;
  justification?: string;
  /** Undefined when a rating is missing or invalid. */
  score?: AmdecScoreData;
  revised?: AmdecScoreData;
  actions: AmdecActionData[];
  /** The risk's `id` (else the whole row), to jump to it. */
  range: Range;
  /** The whole risk entry. */
  rowRange: Range;
}

export interface AmdecModelData {
  uri: string;
  kind: string;
  /** The file's `title:` (what the analysis covers), when it has one. */
  title?: string;
  method: 'rpn' | 'criticite' | 'aiag-vda-2019';
  scales: { severity: [number, number]; occurrence: [number, number]; detection: [number, number] };
  threshold?: number;
  /** The linked RACI file's URI, when `raci:` is set. */
  raci?: string;
  /** The date overdue actions were computed against (YYYY-MM-DD). */
  today: string;
  risks: AmdecRiskData[];
  /** The file's diagnostics (every rule, settings applied), for the dashboard to highlight. */
  problems: ModelProblem[];
}

export type AmdecModelResult = AmdecModelData | null;
