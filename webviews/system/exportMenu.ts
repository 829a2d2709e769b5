/** The System Map's Export… menu: the view in one of the CLI's formats (`archipel diagram system --format …`), written by the host where the user says. */
import { h } from '../shared/dom';
import { EXPORT_FORMATS, type ExportFormat } from './messages';

const exportLabels: Record<ExportFormat, string> = { mermaid: 'Mermaid', structurizr: 'Structurizr DSL', plantuml: 'PlantUML', svg: 'SVG', png: 'PNG' };

/** The menu; `chosen` gets a format the user picked (the menu returns to its title). */
export function exportMenu(chosen: (format: ExportFormat) => void): HTMLSelectElement {
  return h(
    'select',
    {
      attrs: { id: 'export', 'aria-label': 'Export the view', title: 'Export the view to a file (the same text as archipel diagram system)' },
      on: {
        change: (e) => {
          const select = e.target as HTMLSelectElement;
          const format = select.value as ExportFormat;
          select.value = '';
          if ((EXPORT_FORMATS as readonly string[]).includes(format)) chosen(format);
        },
      },
    },
    h('option', { attrs: { value: '', selected: true, disabled: true, hidden: true } }, 'Export…'),
    ...EXPORT_FORMATS.map((format) => h('option', { attrs: { value: format } }, exportLabels[format])),
  );
}
