/**
 * A view of the system as a Structurizr DSL workspace: the model (people, the software system with its
 * containers, external systems, relationships; for the deployment view, the deployment environments
 * with their nodes, the infrastructure in them and the container instances) and the view itself, laid
 * out automatically. The workspace keeps the DSL's rules (docs.structurizr.com/dsl/basics, "Workspace
 * rules"): people and software systems have unique names, containers unique names in their system,
 * deployment and infrastructure nodes unique names among their siblings, one relationship per
 * description between two elements, identifiers and view keys unique — a name that would repeat says
 * what it is, then is numbered.
 */
import { aliases } from './aliases';
import { storeKinds } from '../features/system/contributor';
import { nestedGroups } from './mermaid';
import type { SystemViewGraph, ViewGroup, ViewNode } from './views';

/** A workspace string as a DSL string: quotes and backslashes escaped, one line. */
function text(value: string | undefined): string {
  return `"${(value ?? '').replace(/[\r\n\t]+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function tagsOf(node: ViewNode): string {
  if (storeKinds.has(node.kind)) return 'Database';
  if (node.kind === 'broker') return 'Queue';
  if (node.kind === 'external') return 'External';
  return node.kind.charAt(0).toUpperCase() + node.kind.slice(1);
}

/** Names unique in one scope (case folded, as a reader would confuse them): a repeated name says its kind, then is numbered. */
class Names {
  private readonly taken = new Set<string>();
  give(name: string, kind?: string): string {
    let candidate = name || 'unnamed';
    if (this.taken.has(candidate.toLowerCase()) && kind) candidate = `${candidate} (${kind})`;
    const base = candidate;
    for (let i = 2; this.taken.has(candidate.toLowerCase()); i++) candidate = `${base} ${i}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}

/** Relationships, one per description between two elements. */
class Relationships {
  private readonly seen = new Set<string>();
  readonly lines: string[] = [];
  add(indent: string, from: string | undefined, to: string | undefined, label: string, technology?: string): void {
    if (!from || !to || from === to) return;
    const key = `${from}\0${to}\0${label.toLowerCase()}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.lines.push(`${indent}${from} -> ${to} ${text(label)}${technology ? ` ${text(technology)}` : ''}`);
  }
}

export function systemStructurizr(graph: SystemViewGraph): string {
  const alias = aliases(graph);
  const out: string[] = [...(graph.note ? [`# ${graph.note.replace(/[\r\n]+/g, ' ')}`] : []), `workspace ${text(graph.system)} ${text(`archipel diagram system --view ${graph.view}`)} {`, '  model {'];
  const systemAlias = alias.get('system:boundary')!;
  const people = graph.nodes.filter((n) => n.kind === 'person');
  const externals = graph.nodes.filter((n) => n.kind === 'external');
  const systemNode = graph.nodes.find((n) => n.kind === 'system');
  const insideAlias = systemNode ? alias.get(systemNode.id)! : systemAlias;
  const top = new Names();
  const systemName = top.give(graph.system);
  for (const node of people) out.push(`    ${alias.get(node.id)} = person ${text(top.give(node.name, 'person'))}`);
  out.push(`    ${insideAlias} = softwareSystem ${text(systemName)} {`);
  // The containers: in the deployment view, one per component its instances are of.
  const containerOf = new Map<string, string>();
  const containers = new Names();
  const declared = new Set<string>();
  for (const node of graph.nodes) {
    if (node.kind === 'person' || node.kind === 'external' || node.kind === 'system' || (graph.view === 'deployment' && node.kind === 'endpoint')) continue;
    const component = node.component ?? node.id;
    containerOf.set(node.id, alias.get(component) ?? alias.get(node.id)!);
    if (declared.has(component)) continue;
    declared.add(component);
    out.push(`      ${containerOf.get(node.id)} = container ${text(containers.give(node.name, node.kind))} "" ${text(node.technology)} ${text(tagsOf(node))}`);
  }
  out.push('    }');
  for (const node of externals) out.push(`    ${alias.get(node.id)} = softwareSystem ${text(top.give(node.name, 'external'))} ${text(node.technology)} "External"`);
  const model = new Relationships();
  const element = (id: string) => containerOf.get(id) ?? (graph.nodes.some((n) => n.id === id && n.kind !== 'endpoint') ? alias.get(id) : undefined);
  for (const edge of graph.edges) model.add('    ', element(edge.from), element(edge.to), edge.label, edge.protocol);
  out.push(...model.lines);
  const environments = graph.view === 'deployment' ? deployment(graph, alias, containerOf) : [];
  for (const environment of environments) out.push(...environment.lines);
  out.push('  }', '  views {');
  if (graph.view === 'context') out.push(`    systemContext ${insideAlias} "context" {`, '      include *', '      autoLayout lr', '    }');
  else if (graph.view === 'deployment') {
    environments.forEach((environment, i) => out.push(`    deployment ${insideAlias} ${text(environment.name)} ${text(`deployment-${i + 1}`)} {`, '      include *', '      autoLayout lr', '    }'));
    if (environments.length === 0) out.push(`    container ${insideAlias} "deployment" {`, '      include *', '      autoLayout lr', '    }');
  } else out.push(`    container ${insideAlias} ${text(graph.view)} {`, '      include *', '      autoLayout lr', '    }');
  out.push('    styles {', '      element "Database" {', '        shape cylinder', '      }', '      element "Queue" {', '        shape pipe', '      }', '      element "Person" {', '        shape person', '      }', '      element "External" {', '        background #999999', '      }', '    }');
  out.push('  }', '}');
  return `${out.join('\n')}\n`;
}

/**
 * The deployment environments: each top-level group, its nested groups as deployment nodes (names
 * unique among siblings), the Services and Ingresses in them as infrastructure nodes, the instances as
 * container instances; the routes between them inside the environment.
 */
function deployment(graph: SystemViewGraph, alias: Map<string, string>, containerOf: ReadonlyMap<string, string>): { name: string; lines: string[] }[] {
  const { roots, children, members } = nestedGroups(graph);
  const environmentNames = new Names();
  const environments: { name: string; lines: string[] }[] = [];
  let instances = 0;
  for (const root of roots) {
    const name = environmentNames.give(root.name);
    const lines = [`    deploymentEnvironment ${text(name)} {`];
    const placed = new Map<string, string>();
    const relationships = new Relationships();
    // Iteratively, each group's siblings named apart; a cycle of parents ends at a group already seen.
    const stack: { group: ViewGroup; depth: number; names: Names; open: boolean }[] = [{ group: root, depth: 3, names: new Names(), open: true }];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const at = stack.pop()!;
      const indent = '  '.repeat(at.depth);
      if (!at.open) {
        lines.push(`${indent}}`);
        continue;
      }
      if (seen.has(at.group.id)) continue;
      seen.add(at.group.id);
      lines.push(`${indent}deploymentNode ${text(at.names.give(at.group.name, at.group.kind))} "" ${text(at.group.technology)} {`);
      const inner = new Names();
      for (const node of members.get(at.group.id) ?? []) {
        if (node.kind === 'endpoint') {
          const id = alias.get(node.id)!;
          placed.set(node.id, id);
          lines.push(`${indent}  ${id} = infrastructureNode ${text(inner.give(node.name, node.technology ?? 'endpoint'))} "" ${text(node.technology)}`);
        } else if (containerOf.has(node.id)) {
          const id = `instance_${++instances}`;
          placed.set(node.id, id);
          lines.push(`${indent}  ${id} = containerInstance ${containerOf.get(node.id)}`);
        }
      }
      stack.push({ ...at, open: false });
      for (const child of [...(children.get(at.group.id) ?? [])].reverse()) stack.push({ group: child, depth: at.depth + 1, names: inner, open: true });
    }
    // The routes of this environment: from its infrastructure to its instances (between containers, the model's relationships say it).
    for (const edge of graph.edges) if (placed.has(edge.from) && placed.has(edge.to) && (!containerOf.has(edge.from) || !containerOf.has(edge.to))) relationships.add('      ', placed.get(edge.from), placed.get(edge.to), edge.label, edge.protocol);
    lines.push(...relationships.lines, '    }');
    environments.push({ name, lines });
  }
  return environments;
}
