/**
 * What describes a system that Archipel does not read (issue #64): a .NET Aspire AppHost, a Pulumi or
 * CDK program, a Nomad job, a Bicep template, a Procfile, fly.toml… Those files are indexed (the
 * system family's file selector), never parsed: an empty or partial map names them, so that a map
 * with no component says where the architecture is instead of drawing nothing.
 */
import type { FileSelector } from '../common/fileSelector';
import type { WorkspaceIndex } from '../workspace/index';

const sources: readonly { what: string; test: (path: string, text: () => string) => boolean }[] = [
  { what: 'a .NET Aspire AppHost', test: (p, text) => (/\.csproj$/i.test(p) ? /Aspire\.(AppHost|Hosting)/.test(text()) : /\/program\.cs$/i.test(p) && /DistributedApplication\.CreateBuilder/.test(text())) },
  { what: 'a Pulumi program', test: (p) => /\/pulumi\.ya?ml$/i.test(p) },
  { what: 'an AWS CDK app', test: (p) => /\/cdk\.json$/i.test(p) },
  { what: 'a Serverless Framework service', test: (p) => /\/serverless\.ya?ml$/i.test(p) },
  { what: 'a Bicep template', test: (p) => /\.bicep$/i.test(p) },
  { what: 'a Nomad job', test: (p) => /\.nomad(\.hcl)?$/i.test(p) },
  { what: 'a Procfile', test: (p) => /\/procfile$/i.test(p) },
  { what: 'a Fly.io app', test: (p) => /\/fly\.toml$/i.test(p) },
  { what: 'a Tiltfile', test: (p) => /\/tiltfile$/i.test(p) },
  { what: 'a Terragrunt configuration', test: (p) => /\/terragrunt\.hcl$/i.test(p) },
];

/** The files the system family indexes to name them (the composition root's system descriptor takes it as its file selector, with `.dsl`). */
export const unreadArchitecture: FileSelector = {
  names: ['Pulumi.yaml', 'Pulumi.yml', 'cdk.json', 'serverless.yml', 'serverless.yaml', 'Procfile', 'fly.toml', 'Tiltfile', 'Program.cs', 'terragrunt.hcl'],
  extensions: ['.bicep', '.nomad', '.nomad.hcl', '.csproj'],
};

/**
 * What describes the system here that the map does not read: one line per kind, with its first file (`every`: each
 * file, the reading's ledger's `no-family` entries, platform/notRead.ts).
 */
export function unreadSources(index: WorkspaceIndex, inside: (uri: string) => boolean, every = false): { what: string; uri: string }[] {
  if (every) {
    const all: { what: string; uri: string }[] = [];
    for (const file of index.files()) {
      if (!inside(file.uri)) continue;
      const path = decodeURIComponent(file.uri);
      const text = () => (file.skipped ? '' : file.text.slice(0, 65536));
      const source = sources.find((one) => one.test(path, text));
      if (source) all.push({ what: source.what, uri: file.uri });
    }
    return all;
  }
  const found = new Map<string, string>();
  for (const file of index.files()) {
    if (!inside(file.uri)) continue;
    const path = decodeURIComponent(file.uri);
    // The text only of the files whose name may say one (an AppHost's project and Program.cs), and its head only.
    const text = () => (file.skipped ? '' : file.text.slice(0, 65536));
    for (const source of sources) if (!found.has(source.what) && source.test(path, text)) found.set(source.what, file.uri);
  }
  return [...found].map(([what, uri]) => ({ what, uri }));
}

/** The files read, by what they are (a few words each), for the message of an empty map. */
export function filesRead(index: WorkspaceIndex, inside: (uri: string) => boolean): string[] {
  const counts = new Map<string, number>();
  const kind = (uri: string): string => {
    const name = uri.slice(uri.lastIndexOf('/') + 1).toLowerCase();
    if (/^(docker-)?compose[^/]*\.ya?ml$/.test(name)) return 'Compose';
    if (/^(dockerfile|containerfile)|\.dockerfile$/.test(name)) return 'Dockerfile';
    if (/\.(tf|tfvars)$/.test(name)) return 'Terraform';
    if (/\.ya?ml$/.test(name)) return 'YAML';
    if (/\.(md|markdown)$/.test(name)) return 'Markdown';
    if (/\.json$/.test(name)) return 'JSON';
    if (/\.(cs|csproj)$/.test(name)) return '.NET';
    return 'other';
  };
  for (const file of index.files()) if (inside(file.uri)) counts.set(kind(file.uri), (counts.get(kind(file.uri)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${n} ${what}`);
}
