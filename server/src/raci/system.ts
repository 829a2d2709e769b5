/**
 * The RACI family's part of the system map: a role owns the components an activity names when it is
 * accountable for it (A; or responsible, R, in an activity without an A).
 */
import type { SystemContributor } from '../features/system/contributor';
import { sourceAt } from '../features/system/source';
import { cellLetters, isRaciFile, raciModel } from './model';

export const raciSystem: SystemContributor = {
  contribute(builder) {
    for (const file of builder.index.files()) {
      if (file.skipped || !file.isYaml || !/raci/i.test(file.uri + file.text.slice(0, 2000)) || !isRaciFile(file)) continue;
      const model = raciModel(file);
      if (!model) continue;
      for (const activity of model.activities) {
        if (!activity.activity) continue;
        const accountable = activity.cells.filter((c) => cellLetters(c).has('A'));
        const owners = accountable.length > 0 ? accountable : activity.cells.filter((c) => cellLetters(c).has('R'));
        for (const cell of owners) {
          const role = model.roles.find((r) => r.id === cell.role);
          const id = `role:${file.uri}#${cell.role}`;
          builder.node({ id, kind: 'role', name: role?.name ?? cell.role, technology: 'RACI role', sources: role ? [sourceAt(file, role.idSpan.start, role.idSpan.end)] : [] });
          const text = activity.activity;
          const at = file.text.indexOf(text, activity.span.start);
          builder.mention({ from: id, text, kind: 'owns', label: `${[...cellLetters(cell)].join('/')}: ${activity.id ?? text}`, source: sourceAt(file, activity.span.start, activity.span.start), ...(at >= 0 ? { at: { file, offset: at } } : {}) });
        }
      }
    }
  },
};
