/**
 * Fides manifests (issue #65): the YAML files of Fides' "privacy as code" — top-level lists of
 * `dataset`, `system`, `policy`, `organization` and taxonomy extensions (`data_category`,
 * `data_use`, `data_subject`) — read into a model with the span of every key that matters: the
 * datasets' collections and fields with their data categories and retention, the systems' privacy
 * declarations (categories, use, subjects, retention), their egress and ingress, their transfers.
 * Fields are as fideslang names them (ethyca/fideslang models; docs/privacy.md).
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { IndexedFile } from '../workspace/index';
import { entries, entry, spanOf, stringOf, type Span } from '../yaml/mapping';

/** The resource types a manifest's top level lists. */
export const RESOURCE_TYPES = ['dataset', 'system', 'policy', 'organization', 'data_category', 'data_use', 'data_subject', 'evaluation', 'registry'] as const;

/** A string as written, with its span. */
export interface Written {
  value: string;
  span: Span;
}

export interface FidesField {
  name?: Written;
  categories: Written[];
  retention?: Written;
  fields: FidesField[];
}

export interface FidesCollection {
  name?: Written;
  categories: Written[];
  retention?: Written;
  fields: FidesField[];
}

export interface FidesDataset {
  key?: Written;
  /** The span of the dataset's item (for a finding when it has no key). */
  span: Span;
  name?: string;
  description?: string;
  categories: Written[];
  retention?: Written;
  collections: FidesCollection[];
  /** `meta.path`: the data file it describes, relative to the manifest (Archipel's link to a file; Fides' `meta` is free-form). */
  path?: Written;
  /** Marked synthetic or test data: `tags: [synthetic]` / `[test]`, or `meta.synthetic: true`. */
  synthetic: boolean;
  /** `meta.region` / `meta.location`: where it is stored. */
  region?: Written;
}

/** An egress or ingress entry: another system, a dataset or users. */
export interface FidesFlow {
  key?: Written;
  type?: Written;
  categories: Written[];
}

export interface FidesDeclaration {
  name?: string;
  span: Span;
  /** Its name's span, else its item's. */
  at: Span;
  categories: Written[];
  use?: Written;
  subjects: Written[];
  retention?: Written;
  datasets: Written[];
  egress: Written[];
  ingress: Written[];
  sharedWithThirdParties?: boolean;
  thirdParties?: string;
  legalBasis?: string;
  specialCategory?: string;
}

export interface FidesSystem {
  key?: Written;
  span: Span;
  name?: string;
  description?: string;
  systemType?: string;
  department?: string;
  responsibility: string[];
  dpo?: string;
  jointController?: string;
  egress: FidesFlow[];
  ingress: FidesFlow[];
  declarations: FidesDeclaration[];
  datasets: Written[];
  /** `does_international_transfers` with its span. */
  internationalTransfers?: { value: boolean; span: Span };
  legalBasisForTransfers?: string;
  /** fideslang's `third_country_transfers`: the countries data goes to (ISO 3166-1 alpha-3). */
  thirdCountries: Written[];
  securityPractices?: string;
  region?: Written;
}

export interface FidesOrganization {
  key?: string;
  name?: string;
  controller?: string;
  dpo?: string;
  representative?: string;
  securityPolicy?: string;
}

/** A key a manifest defines in the taxonomy (`data_category: [{fides_key: …}]`). */
export interface FidesTaxonomyKey {
  kind: 'data_categories' | 'data_uses' | 'data_subjects';
  key: Written;
  parent?: Written;
}

export interface FidesManifest {
  datasets: FidesDataset[];
  systems: FidesSystem[];
  organizations: FidesOrganization[];
  /** Taxonomy keys the manifest adds. */
  extensions: FidesTaxonomyKey[];
  /** Category, use and subject keys written in policies' rules (checked as the others are). */
  policyKeys: { kind: FidesTaxonomyKey['kind']; key: Written }[];
}

const fidesName = /\.fides\.ya?ml$/i;

/**
 * Whether a file is a Fides manifest: named `*.fides.yml`, or a YAML file whose first document's
 * top level holds only Fides resource types, one of them a list (a dataset, a system…).
 */
export function isFidesManifest(file: IndexedFile): boolean {
  if (!file.isYaml) return false;
  if (fidesName.test(file.uri)) return true;
  let value: unknown;
  try {
    value = file.yaml?.chunks[0]?.chunk.value;
  } catch {
    // A text the YAML reader cannot take (its own finding says so) is no manifest of ours.
    return false;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => (RESOURCE_TYPES as readonly string[]).includes(k)) && keys.some((k) => Array.isArray((value as Record<string, unknown>)[k]));
}

class Reader {
  constructor(private readonly base: number) {}

  span(node: Node | null | undefined): Span {
    return spanOf(node, this.base) ?? { start: this.base, end: this.base };
  }

  written(node: Node | null | undefined): Written | undefined {
    const value = isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
    return value === undefined ? undefined : { value, span: this.span(node) };
  }

  field(map: Node | null | undefined, name: string): Written | undefined {
    return this.written(entry(map, name)?.value);
  }

  /** A list of strings (each with its span); a single string counts as a list of one. */
  list(map: Node | null | undefined, name: string): Written[] {
    const value = entry(map, name)?.value;
    if (isSeq(value)) return value.items.flatMap((item) => this.written(item as Node) ?? []);
    const one = this.written(value);
    return one ? [one] : [];
  }

  items(map: Node | null | undefined, name: string): Node[] {
    const value = entry(map, name)?.value;
    return isSeq(value) ? (value.items as Node[]).filter((item) => isMap(item)) : [];
  }

  text(map: Node | null | undefined, name: string): string | undefined {
    const value = entry(map, name)?.value;
    return stringOf(value) ?? (isScalar(value) && value.value !== null ? String(value.value) : undefined);
  }

  bool(map: Node | null | undefined, name: string): { value: boolean; span: Span } | undefined {
    const e = entry(map, name);
    return isScalar(e?.value) && typeof e.value.value === 'boolean' ? { value: e.value.value, span: this.span(e.key) } : undefined;
  }

  /** A contact block (`controller: {name, email, …}`) as one line. */
  contact(map: Node | null | undefined, name: string): string | undefined {
    const value = entry(map, name)?.value;
    if (!isMap(value)) return this.text(map, name);
    const parts = ['name', 'email', 'phone', 'address'].map((k) => this.text(value, k)).filter((v): v is string => !!v);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }

  fields(map: Node): FidesField[] {
    return this.items(map, 'fields').map((f) => ({
      name: this.field(f, 'name'),
      categories: this.list(f, 'data_categories'),
      retention: this.field(f, 'retention'),
      fields: this.fields(f),
    }));
  }

  meta(map: Node): Node | undefined {
    const value = entry(map, 'meta')?.value;
    return isMap(value) ? value : undefined;
  }

  dataset(map: Node): FidesDataset {
    const meta = this.meta(map);
    const tags = this.list(map, 'tags').map((t) => t.value.toLowerCase());
    const syntheticMeta = entry(meta, 'synthetic')?.value;
    return {
      key: this.field(map, 'fides_key'),
      span: this.span(map),
      name: this.text(map, 'name'),
      description: this.text(map, 'description'),
      categories: this.list(map, 'data_categories'),
      retention: this.field(map, 'retention'),
      collections: this.items(map, 'collections').map((c) => ({ name: this.field(c, 'name'), categories: this.list(c, 'data_categories'), retention: this.field(c, 'retention'), fields: this.fields(c) })),
      path: this.field(meta, 'path'),
      synthetic: tags.includes('synthetic') || tags.includes('test') || (isScalar(syntheticMeta) && (syntheticMeta.value === true || syntheticMeta.value === 'true')),
      region: this.field(meta, 'region') ?? this.field(meta, 'location'),
    };
  }

  flows(map: Node, name: string): FidesFlow[] {
    return this.items(map, name).map((f) => ({ key: this.field(f, 'fides_key'), type: this.field(f, 'type'), categories: this.list(f, 'data_categories') }));
  }

  declaration(map: Node): FidesDeclaration {
    const name = entry(map, 'name');
    const shared = this.bool(map, 'data_shared_with_third_parties');
    return {
      name: this.text(map, 'name'),
      span: this.span(map),
      at: name ? this.span(name.value ?? name.key) : this.span(map),
      categories: this.list(map, 'data_categories'),
      use: this.field(map, 'data_use'),
      subjects: this.list(map, 'data_subjects'),
      retention: this.field(map, 'retention_period'),
      datasets: this.list(map, 'dataset_references'),
      egress: this.list(map, 'egress'),
      ingress: this.list(map, 'ingress'),
      ...(shared ? { sharedWithThirdParties: shared.value } : {}),
      thirdParties: this.text(map, 'third_parties'),
      legalBasis: this.text(map, 'legal_basis_for_processing'),
      specialCategory: this.text(map, 'special_category_legal_basis'),
    };
  }

  system(map: Node): FidesSystem {
    const meta = this.meta(map);
    const responsibility = this.list(map, 'responsibility').map((r) => r.value);
    return {
      key: this.field(map, 'fides_key'),
      span: this.span(map),
      name: this.text(map, 'name'),
      description: this.text(map, 'description'),
      systemType: this.text(map, 'system_type'),
      department: this.text(map, 'administrating_department'),
      responsibility,
      dpo: this.text(map, 'dpo'),
      jointController: this.contact(map, 'joint_controller_info') ?? this.contact(map, 'joint_controller'),
      egress: this.flows(map, 'egress'),
      ingress: this.flows(map, 'ingress'),
      declarations: this.items(map, 'privacy_declarations').map((d) => this.declaration(d)),
      datasets: this.list(map, 'dataset_references'),
      internationalTransfers: this.bool(map, 'does_international_transfers'),
      // fideslang's is a list of bases (`[SCCs]`); one written alone reads the same.
      legalBasisForTransfers: this.list(map, 'legal_basis_for_transfers').map((w) => w.value).join(', ') || undefined,
      thirdCountries: this.list(map, 'third_country_transfers'),
      securityPractices: this.text(map, 'data_security_practices'),
      region: this.field(meta, 'region') ?? this.field(meta, 'location'),
    };
  }

  organization(map: Node): FidesOrganization {
    return {
      key: this.text(map, 'fides_key'),
      name: this.text(map, 'name'),
      controller: this.contact(map, 'controller'),
      dpo: this.contact(map, 'data_protection_officer'),
      representative: this.contact(map, 'representative'),
      securityPolicy: this.text(map, 'security_policy'),
    };
  }
}

const EXTENSION_KINDS = { data_category: 'data_categories', data_use: 'data_uses', data_subject: 'data_subjects' } as const;

function readManifest(file: IndexedFile): FidesManifest {
  const manifest: FidesManifest = { datasets: [], systems: [], organizations: [], extensions: [], policyKeys: [] };
  for (const { doc, offset } of file.yaml?.documents ?? []) {
    const reader = new Reader(offset);
    const top = doc.contents as Node | null;
    for (const resource of entries(top)) {
      const items = reader.items(top, resource.name);
      if (resource.name === 'dataset') manifest.datasets.push(...items.map((m) => reader.dataset(m)));
      else if (resource.name === 'system') manifest.systems.push(...items.map((m) => reader.system(m)));
      else if (resource.name === 'organization') manifest.organizations.push(...items.map((m) => reader.organization(m)));
      else if (resource.name in EXTENSION_KINDS) {
        const kind = EXTENSION_KINDS[resource.name as keyof typeof EXTENSION_KINDS];
        for (const item of items) {
          const key = reader.field(item, 'fides_key');
          const parent = reader.field(item, 'parent_key');
          if (key) manifest.extensions.push(parent ? { kind, key, parent } : { kind, key });
        }
      } else if (resource.name === 'policy') {
        for (const rule of items.flatMap((p) => reader.items(p, 'rules'))) {
          for (const kind of ['data_categories', 'data_uses', 'data_subjects'] as const) {
            const block = entry(rule, kind)?.value;
            for (const key of isMap(block) ? reader.list(block, 'values') : []) manifest.policyKeys.push({ kind, key });
          }
        }
      }
    }
  }
  return manifest;
}

const modelKey = Symbol('fides-manifest');

/** The manifest of a file, read once per version; undefined for a file that is not one. */
export function fidesManifest(file: IndexedFile): FidesManifest | undefined {
  if (!isFidesManifest(file)) return undefined;
  return file.model(modelKey, readManifest);
}

/** Every data category a dataset lists, at any level, with where it is written. */
export function datasetCategories(dataset: FidesDataset): Written[] {
  const out = [...dataset.categories];
  const walk = (fields: readonly FidesField[]) => {
    for (const f of fields) {
      out.push(...f.categories);
      walk(f.fields);
    }
  };
  for (const c of dataset.collections) {
    out.push(...c.categories);
    walk(c.fields);
  }
  return out;
}
