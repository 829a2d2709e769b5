/**
 * What a Terraform container service runs (issue #79): the containers of an ECS task definition
 * (`container_definitions` as `jsonencode(...)`, a local holding it, a heredoc or a `templatefile`/`file`
 * of a JSON file beside the module, or a `data "template_file"` rendering one) and of a Cloud Run or Container Apps service (`containers` /
 * `container` blocks, `env` and `dynamic "env"` included): each container's image, its ports, and the
 * resources its environment names — followed through locals, a template's variables, and a secret whose
 * value is a resource's address. Pure: a module's declarations in, plain values out (system.ts draws them).
 */
import type { WorkspaceIndex } from '../workspace/index';
import { literalValue } from './api';
import { declared, objectKey, type Declaration, type TerraformModule } from './model/model';
import { moduleKey } from './systemModules';
import { templateFileText } from './model/templateFiles';
import { allBlocks, attribute, staticString, subExpressions, type Body, type Expr, type Span } from './syntax/syntax';

/** One environment variable: its name, the resources (`type.name`) its value names, where it is written. */
interface ContainerEnv {
  name: string;
  references: string[];
  /** Its value when the files say it (`var.table` at its default): a resource's name written alike is what it names. */
  value?: string;
  /** The file and span to point at (the entry in the `.tf`, else the `container_definitions` attribute). */
  uri: string;
  span: Span;
}

export interface ContainerSpec {
  name?: string;
  /** The image as written, variables resolved where they are literals (`ghost:latest`); undefined when unknown. */
  image?: string;
  imageAt: { uri: string; span: Span };
  ports: number[];
  env: ContainerEnv[];
}

/** How deep locals and variables are followed (a local naming a local…). */
const DEPTH = 4;
/** At most this many containers of one task definition, variables of one container. */
const MAX_ITEMS = 200;
/** A side file's size bound (a task definition's JSON): the index holds it whole, the walk reads this much. */
const MAX_JSON = 256 * 1024;

/** The resources (`type.name`) an expression names, locals followed (`local.env` → the local's value). */
export function referencesOf(module: TerraformModule, expr: Expr | undefined, depth = 0): string[] {
  if (!expr) return [];
  const found = new Set<string>();
  for (const e of subExpressions(expr)) {
    if (e.kind !== 'traversal') continue;
    const step = e.steps[0];
    if (step?.kind !== 'attr') continue;
    if (e.root.name === 'local') {
      if (depth >= DEPTH) continue;
      const local = declared(module, 'local').get(step.name)?.[0]?.attribute;
      for (const r of referencesOf(module, local?.expr, depth + 1)) found.add(r);
    } else if (e.root.name === 'module') {
      // A module's output (`module.db.db_instance_address`): system.ts knows what it names.
      const key = moduleKey(e.steps);
      if (key) found.add(key);
    } else if (e.root.name === 'var') {
      // A variable of a module instance: what its call passes (system.ts).
      found.add(`var.${step.name}`);
    } else if (!['each', 'count', 'path', 'terraform', 'self', 'data'].includes(e.root.name)) found.add(`${e.root.name}.${step.name}`);
  }
  return [...found];
}

/** A local's value expression (`local.x`), followed through locals naming locals. */
function resolveLocal(module: TerraformModule, expr: Expr | undefined): Expr | undefined {
  for (let depth = 0; expr?.kind === 'traversal' && expr.root.name === 'local' && depth < DEPTH; depth++) {
    const step = expr.steps[0];
    expr = step?.kind === 'attr' ? declared(module, 'local').get(step.name)?.[0]?.attribute?.expr : undefined;
  }
  return expr;
}

const item = (object: Expr | undefined, key: string): Expr | undefined => (object?.kind === 'object' ? object.items.find((i) => objectKey(i.key) === key)?.value : undefined);
const items = (tuple: Expr | undefined): Expr[] => (tuple?.kind === 'tuple' ? tuple.items.slice(0, MAX_ITEMS) : []);

/** A template's text with its `var.x` interpolations at their literal values; undefined when a part is unknown. */
export function templateText(index: WorkspaceIndex, module: TerraformModule, expr: Expr | undefined, depth = 0): string | undefined {
  // A local is read at its value (`name = local.name`, `"${local.name}-al2023"`).
  if (expr?.kind === 'traversal' && expr.root.name === 'local') return depth < DEPTH ? templateText(index, module, resolveLocal(module, expr), depth + 1) : undefined;
  const plain = literalValue(index, module, expr);
  if (plain !== undefined || expr?.kind !== 'template') return plain;
  let text = '';
  for (const part of expr.parts) {
    const value = part.kind === 'text' ? part.value : part.kind === 'interp' ? templateText(index, module, part.expr, depth + 1) : undefined;
    if (value === undefined) return undefined;
    text += value;
  }
  return text;
}

/** Container definitions written in HCL (`jsonencode([...])`): each object's image, ports and environment. */
function fromHcl(index: WorkspaceIndex, module: TerraformModule, list: Expr, uri: string): ContainerSpec[] {
  return items(list).map((container) => {
    const image = item(container, 'image');
    const env: ContainerEnv[] = [];
    for (const key of ['environment', 'secrets']) {
      for (const entry of items(item(container, key))) {
        const name = staticString(item(entry, 'name'));
        const value = item(entry, 'value') ?? item(entry, 'valueFrom');
        const text = value ? templateText(index, module, value) : undefined;
        if (name && value) env.push({ name, references: referencesOf(module, value), ...(text !== undefined ? { value: text } : {}), uri, span: { start: entry.start, end: entry.end } });
      }
    }
    const ports = items(item(container, 'portMappings')).map((p) => Number(literalValue(index, module, item(p, 'containerPort')))).filter((p) => Number.isInteger(p) && p > 0);
    return { name: staticString(item(container, 'name')), image: templateText(index, module, image), imageAt: { uri, span: image ?? container }, ports, env };
  });
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v.slice(0, MAX_ITEMS) : []);

/**
 * Container definitions written as JSON (a heredoc, a `file`, a `templatefile` with its variables): a
 * value `${name}` is the template variable's — a literal, or the resources its expression names.
 */
function fromJson(index: WorkspaceIndex, module: TerraformModule, text: string, vars: Expr | undefined, at: { uri: string; span: Span }): ContainerSpec[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(0, MAX_JSON));
  } catch {
    return [];
  }
  const variable = (value: unknown): { text?: string; references: string[] } => {
    if (typeof value !== 'string') return { text: typeof value === 'number' ? String(value) : undefined, references: [] };
    const names = [...value.matchAll(/\$\{([A-Za-z_][\w-]{0,63})\}/g)].map((m) => m[1]);
    if (names.length === 0) return { text: value, references: [] };
    const exprs = names.map((n) => item(vars, n));
    const references = exprs.flatMap((e) => referencesOf(module, e));
    const literal = value.replace(/\$\{([A-Za-z_][\w-]{0,63})\}/g, (_, n: string) => literalValue(index, module, item(vars, n)) ?? '\0');
    return { ...(literal.includes('\0') ? {} : { text: literal }), references };
  };
  const containers = Array.isArray(parsed) ? parsed : list(record(parsed)?.containerDefinitions);
  return list(containers).flatMap((c) => {
    const container = record(c);
    if (!container) return [];
    const env: ContainerEnv[] = [];
    for (const key of ['environment', 'secrets']) {
      for (const entry of list(container[key])) {
        const name = record(entry)?.name;
        if (typeof name === 'string') env.push({ name, references: variable(record(entry)?.value ?? record(entry)?.valueFrom).references, ...at });
      }
    }
    const ports = list(container.portMappings).map((p) => Number(variable(record(p)?.containerPort).text)).filter((p) => Number.isInteger(p) && p > 0);
    return [{ name: variable(container.name).text, image: variable(container.image).text, imageAt: at, ports, env }];
  });
}

/** The expression an interpolation alone holds (`"${x}"`, Terraform 0.11's way of writing `x`). */
function unwrapped(expr: Expr | undefined): Expr | undefined {
  return expr?.kind === 'template' && expr.parts.length === 1 && expr.parts[0].kind === 'interp' ? expr.parts[0].expr : expr;
}

/**
 * What `data.template_file.x.rendered` renders (the template provider, templatefile's forerunner, issue #95): its `template`
 * (a `file(...)` of the module) and its `vars` — an attribute, or Terraform 0.11's `vars { … }` block read as an object.
 */
function renderedTemplate(module: TerraformModule, expr: Expr | undefined): { template: Expr; vars: Expr | undefined } | undefined {
  if (expr?.kind !== 'traversal' || expr.root.name !== 'data') return undefined;
  const [type, name] = expr.steps;
  if (type?.kind !== 'attr' || type.name !== 'template_file' || name?.kind !== 'attr') return undefined;
  const data = declared(module, 'data').get(`template_file.${name.name}`)?.[0];
  const template = unwrapped(resolveLocal(module, data && attribute(data.block.body, 'template')?.expr));
  if (!data || !template) return undefined;
  const block = data.block.body.blocks.find((b) => b.type === 'vars');
  const vars: Expr | undefined = resolveLocal(module, attribute(data.block.body, 'vars')?.expr) ?? (block ? {
    kind: 'object', start: block.start, end: block.end,
    items: block.body.attributes.slice(0, MAX_ITEMS).map((a) => ({ key: { kind: 'traversal', root: { name: a.name, ...a.nameSpan }, steps: [], ...a.nameSpan }, value: a.expr })),
  } : undefined);
  return { template, vars };
}

/** The containers of an ECS task definition. */
export function taskContainers(index: WorkspaceIndex, module: TerraformModule, task: Declaration): ContainerSpec[] {
  const found = attribute(task.block.body, 'container_definitions');
  if (!found) return [];
  const at = { uri: task.uri, span: { start: found.start, end: found.end } };
  const written = unwrapped(resolveLocal(module, found.expr));
  const rendered = renderedTemplate(module, written);
  const expr = rendered?.template ?? written;
  if (expr?.kind === 'call' && expr.name.name === 'jsonencode') {
    const arg = resolveLocal(module, expr.args[0]);
    return arg ? fromHcl(index, module, arg, task.uri) : [];
  }
  if (expr?.kind === 'call' && (expr.name.name === 'templatefile' || expr.name.name === 'file')) {
    const path = expr.args[0];
    // `"${path.module}/task.json"` or `"task.json"`: a file of the module's folder (never outside it).
    const relative = path?.kind === 'template' ? path.parts.map((p) => (p.kind === 'text' ? p.value : p.kind === 'interp' && p.expr.kind === 'traversal' && p.expr.root.name === 'path' ? '' : '\0')).join('').replace(/^\//, '') : staticString(path);
    if (!relative || relative.includes('\0') || relative.split('/').includes('..')) return [];
    const text = templateFileText(index, `${module.folder}/${relative}`);
    return text !== undefined ? fromJson(index, module, text, expr.name.name === 'templatefile' ? resolveLocal(module, expr.args[1]) : rendered?.vars, at) : [];
  }
  const text = staticString(expr);
  return text ? fromJson(index, module, text, undefined, at) : [];
}

/** The containers of a Cloud Run (`containers`) or Container Apps (`container`) service: their blocks, anywhere in its template. */
export function blockContainers(index: WorkspaceIndex, module: TerraformModule, uri: string, body: Body): ContainerSpec[] {
  const specs: ContainerSpec[] = [];
  for (const { block } of allBlocks(body)) {
    if (block.type !== 'containers' && block.type !== 'container') continue;
    if (specs.length >= MAX_ITEMS) break;
    const image = attribute(block.body, 'image');
    const env: ContainerEnv[] = [];
    const ports: number[] = [];
    for (const { block: inner } of allBlocks(block.body)) {
      if (inner.type === 'env') {
        const name = staticString(attribute(inner.body, 'name')?.expr);
        const references = [...new Set(allExpressions(inner.body).flatMap((e) => referencesOf(module, e)))];
        if (name) env.push({ name, references, uri, span: { start: inner.start, end: inner.end } });
      } else if (inner.type === 'dynamic' && inner.labels[0]?.value === 'env') {
        // `dynamic "env" { for_each = local.vars }`: each key of the map(s) it iterates is a variable.
        const each = resolveLocal(module, attribute(inner.body, 'for_each')?.expr);
        const maps = each?.kind === 'conditional' ? [resolveLocal(module, each.then), resolveLocal(module, each.else)] : [each];
        for (const map of maps) {
          if (map?.kind !== 'object') continue;
          for (const entry of map.items.slice(0, MAX_ITEMS)) {
            const name = objectKey(entry.key);
            if (name) env.push({ name, references: referencesOf(module, entry.value), uri, span: { start: inner.start, end: inner.end } });
          }
        }
      } else if (inner.type === 'ports') {
        const port = Number(literalValue(index, module, attribute(inner.body, 'container_port')?.expr));
        if (Number.isInteger(port) && port > 0) ports.push(port);
      }
    }
    specs.push({ name: staticString(attribute(block.body, 'name')?.expr), image: templateText(index, module, resolveLocal(module, image?.expr) ?? image?.expr), imageAt: { uri, span: image ?? block }, ports, env });
  }
  return specs;
}

/** Every attribute's expression of a body and its nested blocks. */
function allExpressions(body: Body): Expr[] {
  const exprs = body.attributes.map((a) => a.expr);
  for (const { block } of allBlocks(body)) for (const a of block.body.attributes) exprs.push(a.expr);
  return exprs;
}

/** Where each function type keeps its environment: an attribute of its body or of a block (`environment { variables = {…} }`). */
const FUNCTION_ENV: Record<string, { block?: string; attribute: string }> = {
  aws_lambda_function: { block: 'environment', attribute: 'variables' },
  google_cloudfunctions_function: { attribute: 'environment_variables' },
  google_cloudfunctions2_function: { block: 'service_config', attribute: 'environment_variables' },
  azurerm_linux_function_app: { attribute: 'app_settings' },
  azurerm_windows_function_app: { attribute: 'app_settings' },
  azurerm_linux_web_app: { attribute: 'app_settings' },
  azurerm_windows_web_app: { attribute: 'app_settings' },
};

/**
 * A function's or an App Service's environment (issue #79): Lambda's `environment { variables }`, Cloud Functions'
 * `environment_variables` (2nd gen: in `service_config`, with its `secret_environment_variables`), Azure's
 * `app_settings` — each variable at its line with what its value names; and a container image it runs (`image_uri`).
 * Undefined for another type.
 */
export function functionContainer(index: WorkspaceIndex, module: TerraformModule, d: Declaration): ContainerSpec | undefined {
  const where = FUNCTION_ENV[d.type ?? ''];
  if (!where) return undefined;
  const body = d.block.body;
  const holders = where.block ? body.blocks.filter((b) => b.type === where.block).map((b) => b.body) : [body];
  const env: ContainerEnv[] = [];
  for (const holder of holders) {
    const map = resolveLocal(module, attribute(holder, where.attribute)?.expr);
    if (map?.kind === 'object') {
      for (const entry of map.items.slice(0, MAX_ITEMS)) {
        const name = objectKey(entry.key);
        const value = templateText(index, module, entry.value);
        if (name) env.push({ name, references: referencesOf(module, entry.value), ...(value !== undefined ? { value } : {}), uri: d.uri, span: { start: entry.key.start, end: entry.value.end } });
      }
    }
    // Cloud Functions' secrets: the secret's resource (what its versions hold is followed by the caller).
    for (const secret of holder.blocks.filter((b) => b.type === 'secret_environment_variables').slice(0, MAX_ITEMS)) {
      const name = staticString(attribute(secret.body, 'key')?.expr);
      if (name) env.push({ name, references: referencesOf(module, attribute(secret.body, 'secret')?.expr), uri: d.uri, span: { start: secret.start, end: secret.end } });
    }
  }
  const image = attribute(body, 'image_uri');
  return { image: templateText(index, module, image?.expr), imageAt: { uri: d.uri, span: image ?? d.nameSpan }, ports: [], env };
}

