import type { AdrFormatName } from '../protocol/adr';
import { padNumber } from './paths';

/** An ADR another one names in a generated line. */
export interface AdrLinkTarget {
  number: number;
  title: string;
  fileName: string;
}

/** How each format writes a link to another ADR: adr-tools' `[5. Title](0005-title.md)`, MADR's `[ADR-0005](0005-title.md)`. */
export function adrLink(format: AdrFormatName, target: AdrLinkTarget): string {
  const text = format === 'nygard' ? `${target.number}. ${target.title}` : `ADR-${padNumber(target.number)}`;
  return `[${text.replace(/[[\]]/g, '\\$&')}](${encodeURI(target.fileName)})`;
}

/** "Supersedes", "Amended by": a relation verb as a line starts it. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface NewAdrContent {
  number: number;
  title: string;
  date: string;
  status: string;
  supersedes: AdrLinkTarget[];
  eol?: string;
}

/** Michael Nygard's template as adr-tools writes it, with HTML comments where the author writes. */
function nygardText(adr: NewAdrContent): string[] {
  const relations = adr.supersedes.map((s) => `Supersedes ${adrLink('nygard', s)}`);
  return [
    `# ${adr.number}. ${adr.title}`,
    '',
    `Date: ${adr.date}`,
    '',
    '## Status',
    '',
    capitalize(adr.status),
    '',
    ...relations.flatMap((r) => [r, '']),
    '## Context',
    '',
    '<!-- The forces at play: the issue motivating this decision and what constrains it. -->',
    '',
    '## Decision',
    '',
    '<!-- The change we are proposing or have agreed to implement, in full sentences ("We will …"). -->',
    '',
    '## Consequences',
    '',
    '<!-- What becomes easier or harder because of this decision, and the risks to mitigate. -->',
    '',
  ];
}

/** MADR 4: metadata in YAML front matter, the three required sections, optional ones left as comments. */
function madrText(adr: NewAdrContent): string[] {
  const relations = adr.supersedes.map((s) => `Supersedes ${adrLink('madr', s)}`);
  return [
    '---',
    `status: ${adr.status.toLowerCase()}`,
    `date: ${adr.date}`,
    'decision-makers: []',
    'consulted: []',
    'informed: []',
    '---',
    '',
    `# ${adr.title}`,
    '',
    ...relations.flatMap((r) => [r, '']),
    '## Context and Problem Statement',
    '',
    '<!-- The context and the problem, in two or three sentences; as a question if you can. -->',
    '',
    '<!-- ## Decision Drivers -->',
    '',
    '## Considered Options',
    '',
    '<!-- One bullet per option, e.g. "* PostgreSQL". -->',
    '',
    '## Decision Outcome',
    '',
    '<!-- Chosen option: "…", because … (the option must be one of the Considered Options). -->',
    '',
    '<!-- ### Consequences, ### Confirmation, ## Pros and Cons of the Options, ## More Information -->',
    '',
  ];
}

export function newAdrText(format: AdrFormatName, adr: NewAdrContent): string {
  return (format === 'madr' ? madrText(adr) : nygardText(adr)).join(adr.eol ?? '\n');
}
