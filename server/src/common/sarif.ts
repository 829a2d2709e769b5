/**
 * The one SARIF 2.1.0 writer (#92): `archipel check`, `archipel threats` and `archipel diff` say their
 * findings, rules and what they did not read through it, so that GitHub code scanning reads every log
 * alike — each rule once with its index, each location relative to the checkout (`%SRCROOT%`), what a
 * reading did not read as the run's notifications. Pure: the findings in, the text out.
 */

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifRule {
  id: string;
  /** A line saying what the rule finds. */
  description: string;
  /** What to do about it (SARIF's `help`). */
  help?: string;
  /** Its level when nothing configures it. */
  level?: SarifLevel;
  /** Code scanning's tags (`security`, `external/cwe/cwe-79`). */
  tags?: readonly string[];
}

/** A place in a file: repository-relative, `/`-separated; lines and columns 1-based. */
export interface SarifLocation {
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifResult {
  ruleId: string;
  level: SarifLevel;
  message: string;
  locations: readonly SarifLocation[];
  /** Stable keys code scanning matches a result on across runs. */
  fingerprints?: Record<string, string>;
  properties?: Record<string, unknown>;
}

export interface SarifRun {
  /** The tool's name as code scanning shows it (`archipel`, `archipel threats`). */
  tool: string;
  version?: string;
  rules: readonly SarifRule[];
  results: readonly SarifResult[];
  /** What the reading did not read, each with why: said as the run's notifications, never left out. */
  notRead?: readonly { file: string; reason: string; text?: string }[];
}

/** SARIF's level of a Threagile severity (as `archipel threats` and `archipel diff` raise risks). */
export function severityLevel(severity: string): SarifLevel {
  return severity === 'elevated' || severity === 'high' || severity === 'critical' ? 'error' : severity === 'low' ? 'note' : 'warning';
}

function physical(location: SarifLocation) {
  return {
    physicalLocation: {
      artifactLocation: { uri: location.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
      region: {
        startLine: location.line,
        ...(location.column !== undefined ? { startColumn: location.column } : {}),
        ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
        ...(location.endColumn !== undefined ? { endColumn: location.endColumn } : {}),
      },
    },
  };
}

/** The SARIF log of one run, as GitHub code scanning uploads expect it. */
export function sarifLog(run: SarifRun): string {
  const index = new Map(run.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: run.tool,
            ...(run.version !== undefined ? { version: run.version } : {}),
            rules: run.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              ...(r.help !== undefined ? { help: { text: r.help } } : {}),
              ...(r.level !== undefined ? { defaultConfiguration: { level: r.level } } : {}),
              ...(r.tags !== undefined ? { properties: { tags: [...r.tags] } } : {}),
            })),
          },
        },
        ...(run.notRead !== undefined && run.notRead.length > 0
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: run.notRead.map((n) => ({
                    level: 'warning',
                    message: { text: n.text ?? `not read: ${n.reason}` },
                    locations: [{ physicalLocation: { artifactLocation: { uri: n.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' } } }],
                  })),
                },
              ],
            }
          : {}),
        results: run.results.map((r) => ({
          ruleId: r.ruleId,
          ...(index.has(r.ruleId) ? { ruleIndex: index.get(r.ruleId) } : {}),
          level: r.level,
          message: { text: r.message },
          ...(r.fingerprints !== undefined ? { partialFingerprints: r.fingerprints } : {}),
          ...(r.properties !== undefined ? { properties: r.properties } : {}),
          locations: r.locations.map(physical),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
