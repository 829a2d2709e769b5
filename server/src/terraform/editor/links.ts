/**
 * Document links in Terraform files, as terraform-ls gives them: a resource, data source or ephemeral
 * resource's type label leads to its page on registry.terraform.io (the provider and version the
 * schemas resolve), a module call's registry source to the module's page (issue #83).
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { declared, moduleOf, syntaxOf, type TerraformModule } from '../model/model';
import { isRegistrySource } from '../model/moduleCalls';
import type { SchemaKind } from '../model/providerSchemas';
import { attribute, staticString, type Span } from '../syntax/syntax';
import type { EditorData } from './completion';
import { registryUrl, resolveType } from './schema';

const TABLES: Record<string, SchemaKind> = { resource: 'resource', data: 'data', ephemeral: 'ephemeral' };

/** The registry page of a registry module source (`hashicorp/consul/aws`, `app.terraform.io/org/name/provider` has none public). */
function moduleUrl(source: string): string | undefined {
  const parts = source.split('//')[0].split('/');
  if (parts.length === 4 && parts[0] !== 'registry.terraform.io') return undefined;
  const [namespace, name, provider] = parts.slice(-3);
  return `https://registry.terraform.io/modules/${namespace}/${name}/${provider}`;
}

/** A type of a provider Archipel bundles no schema of: its page for the latest version, the source from `required_providers` (else hashicorp/<name>). */
function unbundledUrl(required: TerraformModule['requiredProviders'], table: SchemaKind, type: string): string {
  const local = type.split('_')[0];
  const source = (required.get(local)?.source ?? `hashicorp/${local}`).replace(/^registry\.terraform\.io\//, '').toLowerCase();
  const kind = table === 'resource' ? 'resources' : table === 'data' ? 'data-sources' : 'ephemeral-resources';
  return `https://registry.terraform.io/providers/${source}/latest/docs/${kind}/${type.slice(local.length + 1)}`;
}

/** The file's links to the registry (top-level blocks only: their type labels and module sources). */
export function terraformDocumentLinks(index: WorkspaceIndex, file: IndexedFile, data: EditorData): DocumentLink[] {
  const module = moduleOf(index, file);
  const links: DocumentLink[] = [];
  const link = (span: Span, target: string, tooltip: string) => links.push({ range: file.lines.range(span.start, span.end), target, tooltip });
  for (const block of syntaxOf(file).body.blocks) {
    const table = TABLES[block.type];
    if (table && block.labels.length >= 1) {
      const [typeLabel, name] = block.labels;
      const type = typeLabel.value;
      const declaration = name ? declared(module, block.type as 'resource').get(`${type}.${name.value}`)?.[0] : undefined;
      const resolved = resolveType(module, data, table, type, declaration);
      // Inside the quotes: the link is the type's name.
      const span = typeLabel.quoted ? { start: typeLabel.start + 1, end: typeLabel.end - 1 } : typeLabel;
      link(span, resolved ? registryUrl(resolved.provider, table, type) : unbundledUrl(module.requiredProviders, table, type), `${type} on registry.terraform.io`);
    } else if (block.type === 'module') {
      const source = attribute(block.body, 'source');
      const written = staticString(source?.expr);
      const url = source && written !== undefined && isRegistrySource(written) ? moduleUrl(written) : undefined;
      if (source && url) link({ start: source.expr.start + 1, end: source.expr.end - 1 }, url, `${written} on registry.terraform.io`);
    }
  }
  return links;
}
