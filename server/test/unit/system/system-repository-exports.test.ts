// The system map's exports of real repositories load where they are read (issue #64): the Structurizr
// workspace of every view keeps the DSL's rules (docs.structurizr.com/dsl/basics, "Workspace rules",
// which Structurizr for Java enforces: names unique where the model nests them, one relationship per
// description between two elements, identifiers and view keys unique, nothing referenced before it
// is defined); every view's Mermaid is parsed by the repository's Mermaid worker; the C4-PlantUML of
// the containers and deployment views renders with the PlantUML installed (Debian's 1.2020.02, whose
// C4 library has no C4_Deployment), skipped only where PlantUML is absent.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { systemMermaid } from '../../../src/system/mermaid';
import { systemPlantUml } from '../../../src/system/plantuml';
import { systemStructurizr } from '../../../src/system/structurizr';
import { mermaidParser } from '../../helpers';
import { repositories, repository, systemViews } from './repositories';

/**
 * The DSL's workspace rules broken by a workspace as this exporter writes it (one statement a line):
 * the problems, each with its line.
 */
function structurizrProblems(dsl: string): string[] {
  const problems: string[] = [];
  const identifiers = new Set<string>();
  const topNames = new Set<string>();
  const viewKeys = new Set<string>();
  const relationships = new Set<string>();
  // One scope per open block: the names of its children, by what they are.
  const stack: { kind: string; names: Map<string, Set<string>> }[] = [{ kind: 'workspace', names: new Map() }];
  const unique = (kind: string, name: string, line: number) => {
    const scope = stack[stack.length - 1].names;
    const seen = scope.get(kind) ?? new Set<string>();
    scope.set(kind, seen);
    if (seen.has(name.toLowerCase())) problems.push(`${line}: a ${kind} named "${name}" already exists here`);
    seen.add(name.toLowerCase());
  };
  const define = (id: string | undefined, line: number) => {
    if (id === undefined) return;
    if (identifiers.has(id)) problems.push(`${line}: the identifier ${id} is already in use`);
    identifiers.add(id);
  };
  dsl.split('\n').forEach((text, i) => {
    const line = i + 1;
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.includes('{') && !trimmed.endsWith('{')) problems.push(`${line}: "{" must end its line`);
    if (trimmed.includes('}') && trimmed !== '}') problems.push(`${line}: "}" must be on a line of its own`);
    if (trimmed === '}') {
      stack.pop();
      return;
    }
    const element = /^(?:(\w+) = )?(person|softwareSystem|container|deploymentEnvironment|deploymentNode|infrastructureNode) "((?:[^"\\]|\\.)*)"/.exec(trimmed);
    const instance = /^(\w+) = containerInstance (\w+)$/.exec(trimmed);
    const relationship = /^(\w+) -> (\w+) "((?:[^"\\]|\\.)*)"/.exec(trimmed);
    const view = /^(?:systemContext|container|deployment) \w+ (?:"[^"]*" )?"([^"]*)" \{$/.exec(trimmed);
    if (element) {
      const [, id, kind, name] = element;
      define(id, line);
      if (kind === 'person' || kind === 'softwareSystem') {
        if (topNames.has(name.toLowerCase())) problems.push(`${line}: a person or software system named "${name}" already exists`);
        topNames.add(name.toLowerCase());
      } else unique(kind, name, line);
    } else if (instance) {
      define(instance[1], line);
      if (!identifiers.has(instance[2])) problems.push(`${line}: ${instance[2]} is not defined before`);
    } else if (relationship) {
      const [, from, to, description] = relationship;
      for (const id of [from, to]) if (!identifiers.has(id)) problems.push(`${line}: ${id} is not defined before`);
      const key = `${from}\0${to}\0${description.toLowerCase()}`;
      if (relationships.has(key)) problems.push(`${line}: a relationship "${description}" from ${from} to ${to} already exists`);
      relationships.add(key);
    } else if (view) {
      if (viewKeys.has(view[1])) problems.push(`${line}: the view key "${view[1]}" is already in use`);
      viewKeys.add(view[1]);
    }
    if (trimmed.endsWith('{')) stack.push({ kind: element?.[2] ?? 'block', names: new Map() });
  });
  if (stack.length !== 1) problems.push(`the braces do not balance (${stack.length - 1} left open)`);
  return problems;
}

const plantuml = spawnSync('plantuml', ['-version'], { encoding: 'utf8' });
const hasPlantUml = plantuml.status === 0;

describe('System map exports of real repositories (issue #64)', () => {
  it('the checker of the DSL\'s rules finds what Structurizr refuses', () => {
    const broken = ['workspace "w" {', '  model {', '    a = softwareSystem "S" {', '      c = container "api"', '      d = container "API"', '    }', '    b = person "S"', '    c -> d "calls"', '    c -> d "calls"', '    deploymentEnvironment "E" {', '      deploymentNode "n" {', '      }', '      deploymentNode "n" {', '        i = containerInstance x', '      }', '    }', '  }', '}', ''].join('\n');
    assert.deepEqual(structurizrProblems(broken), [
      '5: a container named "API" already exists here',
      '7: a person or software system named "S" already exists',
      '9: a relationship "calls" from c to d already exists',
      '13: a deploymentNode named "n" already exists here',
      '14: x is not defined before',
    ]);
  });

  for (const name of repositories.filter((r) => r !== 'dotnet+eShop')) {
    it(`${name}: every view's Structurizr workspace keeps the DSL's rules`, async () => {
      const { view } = await repository(name);
      for (const v of systemViews) assert.deepEqual(structurizrProblems(systemStructurizr(view(v))), [], `${v} view`);
    });

    it(`${name}: every view's Mermaid parses`, async () => {
      const { view } = await repository(name);
      for (const v of systemViews) {
        const text = systemMermaid(view(v));
        const result = await mermaidParser.parse(text);
        assert.ok(result.ok, `${v} view: ${JSON.stringify(result)}\n${text}`);
      }
    });

    it(`${name}: C4-PlantUML of the containers and deployment views renders with the PlantUML installed`, async function () {
      if (!hasPlantUml) this.skip();
      this.timeout(240_000);
      const { view } = await repository(name);
      for (const v of ['containers', 'deployment'] as const) {
        const text = systemPlantUml(view(v));
        // -pipe: the diagram on stdin, SVG on stdout; -failfast2: a syntax error is exit status 1 before any drawing.
        const run = spawnSync('plantuml', ['-tsvg', '-pipe', '-failfast2', '-nometadata'], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        assert.equal(run.status, 0, `${v} view: ${run.stderr}\n${text}`);
        assert.match(run.stdout, /^<\?xml|^<svg/);
        assert.doesNotMatch(run.stdout, /Syntax Error|Cannot find|cannot include|Dot executable|Cannot run program/i, `${v} view`);
      }
    });
  }
});
