import { defineSettingsSection, record } from '../settings';

/** `archipel.raci.*`. */
export interface RaciSettings {
  /** An activity whose only assignment is its Accountable counts as having a Responsible. */
  loneAccountableIsResponsible: boolean;
  /** The largest share of activities (0–1) a role may be Accountable or Responsible for. */
  maxLoad: number;
}

declare module '../settings' {
  interface FamilySettings {
    raci: RaciSettings;
  }
}

const defaults: RaciSettings = { loneAccountableIsResponsible: false, maxLoad: 0.5 };

export const raciSettings = defineSettingsSection('raci', defaults, (raw) => {
  const raci = record(raw);
  const maxLoad = typeof raci.maxLoad === 'number' && raci.maxLoad > 0 && raci.maxLoad <= 1 ? raci.maxLoad : defaults.maxLoad;
  return { loneAccountableIsResponsible: raci.loneAccountableIsResponsible === true, maxLoad };
});
