/** `archipel/raciModel`: a RACI file as plain data for the RACI dashboard (rows, columns, loads, positions). */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';
import type { ModelProblem } from './problems';

export const RaciModelRequest = new RequestType<RaciModelParams, RaciModelResult, void>('archipel/raciModel');

export interface RaciModelParams {
  uri: string;
}

export interface RaciRoleData {
  id: string;
  name?: string;
  /** The role's `id` value, to jump to its declaration. */
  range: Range;
  /** The whole role entry (where problems about the role sit). */
  rowRange: Range;
  /** Activities per letter the role holds. */
  letters: Record<string, number>;
  /** Share (0–1) of the activities where the role is Accountable or Responsible. */
  load: number;
  overloaded: boolean;
}

export interface RaciCellData {
  role: string;
  /** The letters as written (`AR`). */
  value: string;
  /** The scheme letters it counts as, in scheme order. */
  letters: string[];
  /** The cell's value, to jump to it. */
  range: Range;
  /** The role key of the cell (`cdo` in `cdo: A`). */
  keyRange: Range;
}

export interface RaciActivityData {
  id?: string;
  group?: string;
  activity?: string;
  /** The activity's `id` (else the whole row), to jump to it. */
  range: Range;
  /** The whole activity entry. */
  rowRange: Range;
  cells: RaciCellData[];
}

export interface RaciModelData {
  uri: string;
  title?: string;
  scheme: string;
  /** Letter → meaning, in the scheme's order. */
  letters: Record<string, string>;
  roles: RaciRoleData[];
  activities: RaciActivityData[];
  /** The file's diagnostics (every rule, settings applied), for the dashboard to highlight. */
  problems: ModelProblem[];
}

/** The answer: null when the document is not a RACI file. */
export type RaciModelResult = RaciModelData | null;
