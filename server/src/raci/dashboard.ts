import type { RaciModelData } from '../protocol/raci';
import type { ArchipelSettings } from '../settings';
import type { IndexedFile } from '../workspace/index';
import { cellLetters, raciModel, roleLoad } from './model';
import { minActivitiesForLoad } from './rules';

/** The RACI dashboard's data for a file: plain data with ranges, or null when it is not a RACI file. */
export function raciModelData(file: IndexedFile, settings: ArchipelSettings): RaciModelData | null {
  const model = raciModel(file);
  if (!model) return null;
  const range = (span: { start: number; end: number }) => file.lines.range(span.start, span.end);
  const order = Object.keys(model.scheme.letters);
  return {
    uri: file.uri,
    title: model.title,
    scheme: model.scheme.name,
    letters: { ...model.scheme.letters },
    roles: model.roles.map((role) => {
      const load = roleLoad(model, role.id);
      const share = load.activities > 0 ? load.accountableOrResponsible / load.activities : 0;
      return {
        id: role.id,
        name: role.name,
        range: range(role.idSpan),
        letters: load.letters,
        load: share,
        overloaded: load.activities >= minActivitiesForLoad && share > settings.raci.maxLoad,
      };
    }),
    activities: model.activities.map((activity) => ({
      id: activity.id,
      group: activity.group,
      activity: activity.activity,
      range: range(activity.idSpan ?? activity.span),
      cells: activity.cells.map((cell) => {
        const letters = cellLetters(cell);
        return { role: cell.role, value: cell.value ?? '', letters: order.filter((l) => letters.has(l)), range: range(cell.valueSpan) };
      }),
    })),
  };
}
