/** `archipel/raciModel`: a RACI file as plain data for the RACI dashboard (rows, columns, loads, positions). */
import type { Range } from 'vscode-languageserver-types';

export const RaciModelRequest = 'archipel/raciModel';

export interface RaciModelParams {
  uri: string;
}

export interface RaciRoleData {
  id: string;
  name?: string;
  /** The role's `id` value, to jump to its declaration. */
  range: Range;
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
}

export interface RaciActivityData {
  id?: string;
  group?: string;
  activity?: string;
  /** The activity's `id` (else the whole row), to jump to it. */
  range: Range;
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
}

/** The answer: null when the document is not a RACI file. */
export type RaciModelResult = RaciModelData | null;
