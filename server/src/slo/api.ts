/** The SLO family's face: what other families and the CLI may ask of it. */
export { generateSloRules, readAlertWindowsText, readSloDocuments, DEFAULT_GENERATOR_VERSION, GENERATED_MARK, type SloGenerateOptions, type SloGenerateResult, type SloGeneratedDocument } from './render';
export { readSloSpec, sloSpecKind, type SloGroup, type SloModel, type SloSpecError, type SloSpecKind } from './spec';
export type { GeneratedGroup, GeneratedRule } from './generate';
export { DEFAULT_SLO_PERIOD, readAlertWindows, SLO_PERIODS, type AlertWindows } from './windows';
export { parsePromDuration } from './goFormat';
export { generateSloDashboard } from './dashboard';
export { renderSloReport, sloReport, SLO_REPORT_FORMATS, type SloReportComponent, type SloReportFormat } from './report';
