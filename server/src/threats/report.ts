/**
 * The report a reviewer signs (issue #78): per risk its STRIDE category, likelihood, impact,
 * severity, CWE, the mitigation in words, the lines, the attack path and the register's status; the
 * model it was found on (boundaries, entry points, stores and their classification, links); a
 * likelihood × impact matrix. One list of rows (`reportRows`) for the JSON, Markdown and HTML; the
 * HTML is one self-contained, printable page (no script, no remote resource, every string escaped).
 * Pure: the analysis and the namers in, text out.
 */
import type { SecurityModel } from './securityModel';
import type { ThreatRisk } from './analysis';
import { raised } from './riskRegister';
import { allCategories } from './threagile/rules';
import { markdownText } from '../common/escape';
import { byCodeUnit } from '../common/order';

/**
 * What to do about each of Threagile's risks, in our words from the facts of Threagile's rule texts
 * (github.com/Threagile/threagile, pkg/security/risks/builtin, MIT): the mitigation each rule names.
 */
const MITIGATIONS: Readonly<Record<string, string>> = {
  'unguarded-access-from-internet': 'Put a reverse proxy, an API gateway or a web application firewall in front of the component and let only that guard be reached from the Internet; the component itself takes no Internet traffic directly.',
  'unencrypted-communication': 'Encrypt the link (TLS: https, rediss, grpcs, sslmode=verify-full; or the mesh\'s mutual TLS) so that the data and credentials it carries cannot be read or changed on the network.',
  'unencrypted-asset': 'Encrypt the stored data at rest (storage_encrypted, a KMS key, an encrypting storage class); for strictly confidential data Threagile also asks for a key per end user, so that one stolen key does not open every user\'s data.',
  'missing-authentication': 'Authenticate every caller on this link (credentials, a token, a client certificate or mutual TLS) before it reaches the component, and give each caller only the rights it needs.',
  'unguarded-direct-datastore-access': 'Do not let the data store be reached across a trust boundary: let a service inside its own boundary (an API, a guarded proxy) access it, and allow only that service in.',
  'missing-network-segmentation': 'Place the sensitive component in a network segment of its own (a NetworkPolicy, a security group, a separate network) so that unrelated, less protected components cannot reach it.',
  'missing-vault': 'Keep the secrets in a secret storage (Vault, a cloud secret manager, External Secrets, Sealed Secrets) and hand them to the components at run time, never in files or plain variables.',
  'accidental-secret-leak': 'Remove the secret from the file and from the history, rotate it, read it from a secret storage at run time, and scan commits for secrets (a pre-commit hook, a CI check).',
  'container-platform-escape': 'Run the container unprivileged: no privileged mode, no Docker socket, no host PID, network or IPC namespace, no hostPath, capabilities dropped; harden the container platform and its nodes.',
  'push-instead-of-pull-deployment': 'Let an agent inside the system pull its deployments (GitOps: Argo CD, Flux) rather than giving the build pipeline credentials to push into the running system.',
};

/** The mitigation of a Threagile rule (`category`), or a pointer to its rule when none is written here. */
export const mitigationOf = (category: string): string => MITIGATIONS[category] ?? allCategories.find((c) => c.id === category)?.mitigation ?? `See Threagile's rule ${category}.`;

export interface ReportRow {
  /** The synthetic id: what `x-threat` and `risk_tracking` key on. */
  id: string;
  rule: string;
  category: string;
  stride: string;
  severity: string;
  likelihood: string;
  impact: string;
  /** `CWE-501`, empty when the rule gives none. */
  cwe: string;
  mitigation: string;
  title: string;
  /** The attack path, as names. */
  path: string[];
  sources: { file: string; line: number }[];
  /** The register's status (`unchecked` when it holds no entry), its AMDEC risk id. */
  status: string;
  register?: string;
  justification?: string;
  open: boolean;
}

/** Threagile's severities, most severe first: the report lists its risks in this order (issue #95), then by rule, then as found. */
const SEVERITIES = ['critical', 'high', 'elevated', 'medium', 'low'];
const severityRank = (severity: string) => (SEVERITIES.includes(severity) ? SEVERITIES.indexOf(severity) : SEVERITIES.length);

export function reportRows(risks: readonly ThreatRisk[], nameOf: (node: string) => string, sources: (risk: ThreatRisk) => { file: string; line: number }[]): ReportRow[] {
  return risks.map((r) => ({
    id: r.syntheticId, rule: r.rule, category: r.category, stride: r.stride, severity: r.severity, likelihood: r.likelihood, impact: r.impact,
    cwe: r.cwe ? `CWE-${r.cwe}` : '', mitigation: mitigationOf(r.category), title: r.title, path: r.elements.map(nameOf), sources: sources(r),
    status: r.tracking?.status ?? 'unchecked', ...(r.tracking ? { register: r.tracking.risk } : {}), ...(r.tracking?.justification ? { justification: r.tracking.justification } : {}), open: raised(r.tracking),
  }));
}

const LIKELIHOODS = ['frequent', 'very-likely', 'likely', 'unlikely'] as const;
const IMPACTS = ['low', 'medium', 'high', 'very-high'] as const;

/** How many open risks fall in each cell of likelihood (rows, most likely first) × impact (columns). */
export function riskMatrix(rows: readonly ReportRow[]): { likelihood: string; counts: number[] }[] {
  return LIKELIHOODS.map((likelihood) => ({ likelihood, counts: IMPACTS.map((impact) => rows.filter((r) => r.open && r.likelihood === likelihood && r.impact === impact).length) }));
}

/** What the model section lists, named and placed. */
export interface ModelSection {
  boundaries: { name: string; type: string; members: string[] }[];
  entries: { via: string; to: string; tls: boolean; role: string }[];
  stores: { name: string; confidentiality: string; categories: string[]; encrypted: boolean }[];
  links: { from: string; to: string; protocol: string; tls: boolean; credentials: boolean }[];
}

export function modelSection(model: SecurityModel, nameOf: (node: string) => string): ModelSection {
  return {
    boundaries: model.boundaries.map((b) => ({ name: b.name, type: b.type, members: b.members.map(nameOf) })),
    entries: model.entries.map((e) => ({ via: e.via, to: nameOf(e.to), tls: e.tls, role: e.role })),
    stores: model.stores.map((s) => ({ name: s.name, confidentiality: s.confidentiality, categories: [...s.categories], encrypted: s.encrypted })),
    links: model.links.map((l) => ({ from: nameOf(l.from), to: nameOf(l.to), protocol: l.protocol, tls: l.tls, credentials: l.credentials })),
  };
}

const yes = (value: boolean) => (value ? 'yes' : 'no');
const where = (row: ReportRow) => row.sources.map((s) => `${s.file}:${s.line}`).join(', ');

/** How many risks are open and how many the register treats or accepts (of all found, whether listed or not). */
export interface RiskCounts {
  open: number;
  treated: number;
}

const countsOf = (rows: readonly ReportRow[]): RiskCounts => ({ open: rows.filter((r) => r.open).length, treated: rows.filter((r) => !r.open).length });

/** What the report is of (issue #95): the repository (its remote's name, else its folder's), its commit, the date and the version of Archipel that wrote it. */
export interface ReportAbout {
  /** `owner/name` from the remote's URL (`github.com/acme/shop.git`: `acme/shop`), else the folder's name. */
  repository: string;
  /** The commit checked out (absent: not a Git repository, or no commit yet). */
  commit?: string;
  /** `YYYY-MM-DD`. */
  date: string;
  version: string;
}

/** A segment of a repository's name as hosts spell them; anything else (a space, `%`, a control character) is not a name. */
const NAME_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * The repository's name from its remote's URL (issue #95: the same on any clone, whatever its folder is called): the
 * last two segments of a hosted remote's path (`https://user:token@github.com/acme/shop.git`, `git@github.com:acme/shop`:
 * `acme/shop`; never the user or a token), the last one of a local path's (never the machine's path); `folder` (the
 * clone's folder name) when there is no remote or its path is not a name.
 */
export function repositoryName(remote: string | undefined, folder: string): string {
  const url = (remote ?? '').trim();
  // scheme://[user[:password]@]host[:port]/path, or git's scp-like [user@]host:path; else a local path.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/[^/]*(\/.*)?$/i.exec(url);
  const scp = scheme ? undefined : /^[^/:\\]{2,}:([^\\]*)$/.exec(url);
  const hosted = scheme ? scheme[1].toLowerCase() !== 'file' : Boolean(scp);
  const rest = scheme ? (scheme[2] ?? '') : scp ? scp[1] : url;
  const segments = rest.split(/[/\\]/).filter((s) => s !== '');
  if (segments.length > 0) segments[segments.length - 1] = segments[segments.length - 1].replace(/\.git$/i, '');
  const named = segments.slice(hosted ? -2 : -1);
  return named.length > 0 && named.every((s) => NAME_SEGMENT.test(s)) ? named.join('/') : folder;
}

export const aboutLine = (about: ReportAbout): string => `Repository ${about.repository}${about.commit ? ` at commit ${about.commit}` : ' (no commit)'}, ${about.date}, Archipel ${about.version}.`;

/** The risks most severe first, then by rule (a stable sort: the same rule keeps the order found). */
const bySeverity = (rows: readonly ReportRow[]) => [...rows].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || byCodeUnit(a.rule, b.rule));

/** The risks' heading with its counts, said even when none is listed (issue #95: "No risk found" beside 13 accepted ones). */
const risksHeading = (counts: RiskCounts) => `Risks (${counts.open} open, ${counts.treated} treated or accepted)`;
const noneListed = (counts: RiskCounts) => (counts.treated > 0 ? `No open risk; ${counts.treated} treated or accepted in the risk register (listed with --all).` : 'No risk found.');

export function markdownReport(title: string, found: readonly ReportRow[], model: ModelSection, counts: RiskCounts = countsOf(found), about?: ReportAbout): string {
  const rows = bySeverity(found);
  const out: string[] = [`# Threat model: ${markdownText(title)}`, ''];
  if (about) out.push(markdownText(aboutLine(about)), '');
  out.push(`${counts.open} open risk(s), ${counts.treated} treated or accepted in the risk register${counts.treated > 0 && rows.every((r) => r.open) ? ' (listed with --all)' : ''}.`, '');
  out.push(`## ${risksHeading(counts)}`, '');
  if (rows.length === 0) out.push(noneListed(counts), '');
  else {
    out.push('| Severity | Risk | STRIDE | Likelihood | Impact | CWE | Attack path | Where | Register |', '|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) out.push(`| ${r.severity} | ${markdownText(r.title)} (\`${r.rule}\`) | ${r.stride} | ${r.likelihood} | ${r.impact} | ${r.cwe} | ${markdownText(r.path.join(' → '))} | ${markdownText(where(r))} | ${markdownText(r.register ? `${r.register} ${r.status}` : r.status)} |`);
    out.push('');
    for (const r of rows) {
      out.push(`### ${markdownText(r.title)}`, '', `- Rule: \`${r.rule}\` (${r.stride}; ${r.cwe || 'no CWE'})`, `- Likelihood × impact: ${r.likelihood} × ${r.impact} = ${r.severity}`, `- Mitigation: ${markdownText(r.mitigation)}`);
      if (r.path.length > 1) out.push(`- Attack path: ${markdownText(r.path.join(' → '))}`);
      out.push(`- Where: ${markdownText(where(r)) || '—'}`, `- Register: ${markdownText(r.register ? `${r.register}, ${r.status}` : r.status)}${r.justification ? ` — ${markdownText(r.justification)}` : ''}`, `- Tracking key: \`${r.id.replace(/`/g, "'")}\``, '');
    }
  }
  out.push('## Risk matrix (open risks: likelihood × impact)', '', `| Likelihood \\ Impact | ${IMPACTS.join(' | ')} |`, `|---|${IMPACTS.map(() => '---').join('|')}|`);
  for (const row of riskMatrix(rows)) out.push(`| ${row.likelihood} | ${row.counts.join(' | ')} |`);
  out.push('', '## The model', '', '### Trust boundaries', '');
  out.push(...(model.boundaries.length === 0 ? ['None.'] : ['| Boundary | Type | Members |', '|---|---|---|', ...model.boundaries.map((b) => `| ${markdownText(b.name)} | ${b.type} | ${markdownText(b.members.join(', '))} |`)]));
  out.push('', '### Entry points', '');
  out.push(...(model.entries.length === 0 ? ['None.'] : ['| Via | To | TLS | Role |', '|---|---|---|---|', ...model.entries.map((e) => `| ${markdownText(e.via)} | ${markdownText(e.to)} | ${yes(e.tls)} | ${markdownText(e.role)} |`)]));
  out.push('', '### Data stores', '');
  out.push(...(model.stores.length === 0 ? ['None.'] : ['| Store | Classification | Categories | Encrypted at rest |', '|---|---|---|---|', ...model.stores.map((s) => `| ${markdownText(s.name)} | ${s.confidentiality} | ${markdownText(s.categories.join(', '))} | ${yes(s.encrypted)} |`)]));
  out.push('', '### Links', '');
  out.push(...(model.links.length === 0 ? ['None.'] : ['| From | To | Protocol | TLS | Credentials |', '|---|---|---|---|---|', ...model.links.map((l) => `| ${markdownText(l.from)} | ${markdownText(l.to)} | ${markdownText(l.protocol)} | ${yes(l.tls)} | ${yes(l.credentials)} |`)]));
  return out.join('\n');
}

/** Text for HTML: every character that means something there escaped. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#111;background:#fff}
table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eee}.critical,.high{color:#a00;font-weight:bold}.elevated{color:#b50}.medium{color:#850}.low{color:#555}
.risk{border:1px solid #ccc;padding:.5em 1em;margin:.5em 0;page-break-inside:avoid;break-inside:avoid}code{font-size:90%}
@media print{body{margin:0}h2{page-break-before:auto}}`;

export function htmlReport(title: string, found: readonly ReportRow[], model: ModelSection, counts: RiskCounts = countsOf(found), about?: ReportAbout): string {
  const rows = bySeverity(found);
  const e = escapeHtml;
  const table = (head: readonly string[], body: readonly (readonly string[])[]) => (body.length === 0 ? '<p>None.</p>' : `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // Nothing to load, nothing to run: the page is its own.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${e(`Threat model: ${title}`)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${e(`Threat model: ${title}`)}</h1>`,
    about ? `<p>${e(aboutLine(about))}</p>` : '',
    `<p>${e(`${counts.open} open risk(s), ${counts.treated} treated or accepted in the risk register${counts.treated > 0 && rows.every((r) => r.open) ? ' (listed with --all)' : ''}.`)}</p>`,
    '<h2>Risk matrix (open risks: likelihood × impact)</h2>',
    table(['Likelihood \\ Impact', ...IMPACTS], riskMatrix(rows).map((row) => [row.likelihood, ...row.counts.map(String)])),
    `<h2>${e(risksHeading(counts))}</h2>`,
  ];
  if (rows.length === 0) parts.push(`<p>${e(noneListed(counts))}</p>`);
  for (const r of rows) {
    parts.push(
      `<section class="risk"><h3><span class="${e(r.severity)}">${e(r.severity)}</span> ${e(r.title)}</h3><dl>`,
      `<dt>Rule</dt><dd><code>${e(r.rule)}</code>, STRIDE ${e(r.stride)}${r.cwe ? `, ${e(r.cwe)}` : ''}</dd>`,
      `<dt>Likelihood × impact</dt><dd>${e(`${r.likelihood} × ${r.impact} = ${r.severity}`)}</dd>`,
      `<dt>Mitigation</dt><dd>${e(r.mitigation)}</dd>`,
      r.path.length > 1 ? `<dt>Attack path</dt><dd>${e(r.path.join(' → '))}</dd>` : '',
      `<dt>Where</dt><dd>${e(where(r) || '—')}</dd>`,
      `<dt>Register</dt><dd>${e(r.register ? `${r.register}, ${r.status}` : r.status)}${r.justification ? ` — ${e(r.justification)}` : ''}</dd>`,
      `<dt>Tracking key</dt><dd><code>${e(r.id)}</code></dd></dl></section>`,
    );
  }
  parts.push(
    '<h2>The model</h2>',
    '<h3>Trust boundaries</h3>', table(['Boundary', 'Type', 'Members'], model.boundaries.map((b) => [b.name, b.type, b.members.join(', ')])),
    '<h3>Entry points</h3>', table(['Via', 'To', 'TLS', 'Role'], model.entries.map((x) => [x.via, x.to, yes(x.tls), x.role])),
    '<h3>Data stores</h3>', table(['Store', 'Classification', 'Categories', 'Encrypted at rest'], model.stores.map((s) => [s.name, s.confidentiality, s.categories.join(', '), yes(s.encrypted)])),
    '<h3>Links</h3>', table(['From', 'To', 'Protocol', 'TLS', 'Credentials'], model.links.map((l) => [l.from, l.to, l.protocol, yes(l.tls), yes(l.credentials)])),
    '</body></html>',
  );
  return parts.filter((p) => p !== '').join('\n');
}
