import { defineRule } from '../rules/registry';

/** Every ADR rule, defined once: ids are stable (settings, `archipel-ignore` comments and the CLI use them). */
export const adrRules = {
  fileName: defineRule({ id: 'adr-file-name', defaultSeverity: 'warning', description: 'An ADR file is named NNNN-slug.md: a number of four digits or more, then lowercase words joined by dashes.' }),
  duplicateNumber: defineRule({ id: 'adr-duplicate-number', defaultSeverity: 'error', description: 'No two ADRs of a folder share a number.' }),
  title: defineRule({ id: 'adr-title', defaultSeverity: 'error', description: 'An ADR has a level-1 heading as its title.' }),
  titleNumber: defineRule({ id: 'adr-title-number', defaultSeverity: 'error', description: 'A number in the title ("# 5. Title") is the number of the file name.' }),
  titleSlug: defineRule({ id: 'adr-title-slug', defaultSeverity: 'warning', description: 'The file name slug is the title in lowercase words joined by dashes.' }),
  status: defineRule({ id: 'adr-status', defaultSeverity: 'error', description: 'An ADR states a status from archipel.adr.statuses; "superseded" names its successor.' }),
  statusMismatch: defineRule({ id: 'adr-status-mismatch', defaultSeverity: 'error', description: 'The front matter status and the status written in the body agree.' }),
  date: defineRule({ id: 'adr-date', defaultSeverity: 'error', description: 'An ADR has a date, written as an ISO-8601 calendar date (YYYY-MM-DD).' }),
  missingSection: defineRule({ id: 'adr-missing-section', defaultSeverity: 'error', description: 'The sections the ADR format requires are present (Nygard: Status, Context, Decision, Consequences; MADR: Context and Problem Statement, Considered Options, Decision Outcome).' }),
  emptySection: defineRule({ id: 'adr-empty-section', defaultSeverity: 'warning', description: 'A required section has content, not only its heading or comments.' }),
  placeholder: defineRule({ id: 'adr-placeholder', defaultSeverity: 'warning', description: 'No template placeholder ({…} or a sentence of the adr-tools template) is left in the ADR.' }),
  chosenOption: defineRule({ id: 'adr-chosen-option', defaultSeverity: 'error', description: 'In a MADR, the chosen option of the Decision Outcome is one of the Considered Options.' }),
  supersession: defineRule({ id: 'adr-supersession', needsIndex: true, defaultSeverity: 'error', description: 'Supersession is written on both sides: N says "superseded by M" exactly when M says "supersedes N".' }),
  supersessionCycle: defineRule({ id: 'adr-supersession-cycle', defaultSeverity: 'error', description: 'Supersession never loops back to an ADR it started from.' }),
  successorStatus: defineRule({ id: 'adr-successor-status', needsIndex: true, defaultSeverity: 'warning', description: 'An ADR is superseded only by an accepted one, not by one that is merely proposed (or rejected).' }),
  brokenLink: defineRule({ id: 'adr-broken-link', needsIndex: true, defaultSeverity: 'error', description: 'Relative links to Markdown and YAML files of the workspace (and their #headings) resolve.' }),
  unknownReference: defineRule({ id: 'adr-unknown-reference', needsIndex: true, defaultSeverity: 'error', description: 'A reference such as ADR-0005 names an ADR of the same folder.' }),
  indexOutdated: defineRule({ id: 'adr-index-outdated', needsIndex: true, defaultSeverity: 'warning', description: "The folder's index (README.md or index.md) lists every ADR as Archipel: Generate ADR Index would." }),
};
