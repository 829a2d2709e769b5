/** The AMDEC family's part of the system map: a risk threatens the components its item, failure mode, effect or cause names. */
import type { SystemContributor } from '../features/system/contributor';
import { sourceAt } from '../features/system/source';
import { amdecModel, isAmdecFile } from './model';

export const amdecSystem: SystemContributor = {
  contribute(builder) {
    for (const file of builder.index.files()) {
      if (file.skipped || !file.isYaml || !/amdec|fmea/i.test(file.uri + file.text.slice(0, 2000)) || !isAmdecFile(file)) continue;
      const model = amdecModel(file);
      if (!model) continue;
      for (const risk of model.risks) {
        const anchor = risk.idSpan ?? risk.span;
        const id = `risk:${file.uri}#${risk.id ?? anchor.start}`;
        const source = sourceAt(file, anchor.start, anchor.end);
        builder.node({ id, kind: 'risk', name: [risk.id, risk.item].filter(Boolean).join(' '), technology: 'AMDEC risk', sources: [source] });
        for (const text of [risk.item, risk.failureMode, risk.effect, risk.cause]) {
          if (!text) continue;
          const at = file.text.indexOf(text, risk.span.start);
          builder.mention({ from: id, text, kind: 'threatens', label: 'threatens', source, ...(at >= 0 && at < risk.span.end ? { at: { file, offset: at } } : {}) });
        }
      }
    }
  },
};
