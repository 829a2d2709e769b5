/**
 * A view of the system as a Structurizr DSL workspace: the model (people, the software system with its
 * containers, external systems, relationships; for the deployment view, the deployment environments
 * with their nodes and container instances) and the view itself, laid out automatically.
 */
import { aliases } from './aliases';
import { storeKinds } from '../features/system/contributor';
import { nestedGroups, nestedLines } from './mermaid';
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

export function systemStructurizr(graph: SystemViewGraph): string {
  const alias = aliases(graph);
  const out: string[] = [`workspace ${text(graph.system)} ${text(`archipel diagram system --view ${graph.view}`)} {`, '  model {'];
  const systemAlias = alias.get('system:boundary')!;
  const people = graph.nodes.filter((n) => n.kind === 'person');
  const externals = graph.nodes.filter((n) => n.kind === 'external');
  const inside = graph.nodes.filter((n) => n.kind !== 'person' && n.kind !== 'external' && n.kind !== 'system');
  for (const node of people) out.push(`    ${alias.get(node.id)} = person ${text(node.name)}`);
  const systemNode = graph.nodes.find((n) => n.kind === 'system');
  const insideAlias = systemNode ? alias.get(systemNode.id)! : systemAlias;
  out.push(`    ${insideAlias} = softwareSystem ${text(graph.system)} {`);
  for (const node of inside) out.push(`      ${alias.get(node.id)} = container ${text(node.name)} "" ${text(node.technology)} ${text(tagsOf(node))}`);
  out.push('    }');
  for (const node of externals) out.push(`    ${alias.get(node.id)} = softwareSystem ${text(node.name)} "" "External"`);
  for (const edge of graph.edges) out.push(`    ${alias.get(edge.from)} -> ${alias.get(edge.to)} ${text(edge.label)}${edge.protocol ? ` ${text(edge.protocol)}` : ''}`);
  if (graph.view === 'deployment') out.push(...deployment(graph, alias));
  out.push('  }', '  views {');
  if (graph.view === 'context') out.push(`    systemContext ${insideAlias} "context" {`);
  else if (graph.view === 'deployment') out.push(`    deployment ${insideAlias} ${text(graph.groups.find((g) => !g.parent)?.name ?? 'Default')} "deployment" {`);
  else out.push(`    container ${insideAlias} ${text(graph.view)} {`);
  out.push('      include *', '      autoLayout lr', '    }');
  out.push('    styles {', '      element "Database" {', '        shape cylinder', '      }', '      element "Queue" {', '        shape pipe', '      }', '      element "Person" {', '        shape person', '      }', '      element "External" {', '        background #999999', '      }', '    }');
  out.push('  }', '}');
  return `${out.join('\n')}\n`;
}

/** The deployment environments: each top-level group, its nested groups as deployment nodes, the containers in them as instances. */
function deployment(graph: SystemViewGraph, alias: Map<string, string>): string[] {
  const out: string[] = [];
  for (const root of nestedGroups(graph).roots) {
    out.push(`    deploymentEnvironment ${text(root.name)} {`);
    const single = { ...graph, groups: graph.groups.filter((g) => g.id === root.id || descends(graph, g, root.id)) };
    out.push(
      ...nestedLines(
        single,
        3,
        (group, indent) => `${indent}deploymentNode ${text(group.name)} "" ${text(group.technology)} {`,
        (node, indent) => (node.kind === 'endpoint' ? `${indent}infrastructureNode ${text(node.name)} "" ${text(node.technology)}` : node.kind !== 'person' && node.kind !== 'external' ? `${indent}containerInstance ${alias.get(node.id)}` : undefined),
        (indent) => `${indent}}`,
      ),
    );
    out.push('    }');
  }
  return out;
}

/** Whether a group is under another (a few levels at most: a cycle of parents ends the walk). */
function descends(graph: SystemViewGraph, group: ViewGroup, ancestor: string): boolean {
  let parent = group.parent;
  for (let depth = 0; parent && depth < 16; depth++) {
    if (parent === ancestor) return true;
    parent = graph.groups.find((g) => g.id === parent)?.parent;
  }
  return false;
}
