/**
 * The ADR family's part of the system map: each decision record, connected to the components its title
 * and decision name, and to the data stores and brokers running a technology it names (`PostgreSQL`).
 */
import type { SystemContributor } from '../features/system/contributor';
import { defaultSettings } from '../settings';
import { sourceAt } from '../features/system/source';
import { sectionNamed } from './document';
import { adrFolders } from './folders';

export const adrSystem: SystemContributor = {
  contribute(builder) {
    for (const folder of adrFolders(builder.index, defaultSettings.adr).values()) {
      for (const adr of folder.adrs) {
        const file = builder.index.get(adr.uri);
        if (!file || !adr.title) continue;
        const id = `decision:${adr.uri}`;
        const source = sourceAt(file, adr.title.start, adr.title.end);
        builder.node({ id, kind: 'decision', name: adr.title.name, technology: adr.status ? `ADR (${adr.status.value})` : 'ADR', sources: [source] });
        builder.mention({ from: id, text: adr.title.name, kind: 'decides', label: 'decides', source, technologies: true, at: { file, offset: adr.title.nameSpan.start } });
        const decision = sectionNamed(adr, 'decision outcome') ?? sectionNamed(adr, 'decision');
        // The decision itself, not its context or the options turned down.
        if (decision) builder.mention({ from: id, text: file.text.slice(decision.body.start, Math.min(decision.body.end, decision.body.start + 4000)), kind: 'decides', label: 'decides', source, technologies: true, at: { file, offset: decision.body.start } });
      }
    }
  },
};
