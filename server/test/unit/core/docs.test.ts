// The README is short and sells; the reference is in docs/. Nothing documented may get lost in the
// move: every rule the CLI knows and every setting the manifest contributes is named in docs/, and
// every page and every relative link of the documentation leads somewhere.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
// The modules the CLI loads register every rule (the Kubernetes schema rules live in platform/).
import '../../../src/service';
import '../../../src/families/index';
import '../../../src/platform/project';
import '../../../src/platform/resources';
import { allRules } from '../../../src/rules/registry';
import { repoRoot } from '../../helpers';

interface ConfigurationSection { properties?: Record<string, unknown> }
interface Manifest { contributes: { configuration: ConfigurationSection | ConfigurationSection[] } }

const docsDir = path.join(repoRoot, 'docs');
const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort();
const docs = new Map(pages.map((f) => [f, readFileSync(path.join(docsDir, f), 'utf8')]));
const allDocs = [...docs.values()].join('\n');
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6} (.+)$/.exec(line);
    if (m) out.add(slug(m[1].replace(/`/g, '')));
  }
  return out;
}

/** Relative Markdown links outside code: [text](target). */
function links(text: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    // Links written as examples inside inline code are not links.
    for (const m of line.replace(/(`+)[^`].*?\1/g, '').matchAll(/\]\(([^)\s]+)\)/g)) if (!/^[a-z]+:/.test(m[1])) out.push(m[1]);
  }
  return out;
}

describe('documentation', () => {
  it('the README reads in five minutes: under 300 lines', () => {
    assert.ok(readme.split('\n').length < 300, `README.md has ${readme.split('\n').length} lines`);
  });

  it('the README keeps the test command CI calls', () => {
    assert.match(readme, /^npm test\b/m);
  });

  it('every rule id is in a rules table of docs/ with its default severity', () => {
    const rules = allRules();
    assert.ok(rules.length > 100, `only ${rules.length} rules registered`);
    const missing = rules.filter((r) => !allDocs.includes(`\`${r.id}\``)).map((r) => r.id);
    assert.deepEqual(missing, [], 'rules named nowhere in docs/');
    const table = docs.get('rules.md') ?? '';
    const rows = rules.filter((r) => !new RegExp(`^\\| [^|]*\`${r.id}\`[^|]*\\| ${r.defaultSeverity} \\|`, 'm').test(table)).map((r) => r.id);
    assert.deepEqual(rows, [], 'rules without a row (id | default severity) in docs/rules.md');
  });

  it('every setting of package.json is in docs/', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    const sections = ([] as ConfigurationSection[]).concat(manifest.contributes.configuration);
    const settings = sections.flatMap((s) => Object.keys(s.properties ?? {}));
    assert.ok(settings.length >= 10);
    // A row may group settings of one area: `archipel.blur.threshold`, `.grow`, …
    const named = (key: string) => allDocs.includes(key) || allDocs.includes(`\`.${key.split('.').pop()}\``);
    assert.deepEqual(settings.filter((k) => !named(k)), [], 'settings named nowhere in docs/');
  });

  it('every page of docs/ is in the README\'s documentation table, and the table names no other', () => {
    // The table of "## Documentation", up to the next heading: a page linked only from the tour above is easy to miss (#69: docs/terraform.md).
    const section = /^## Documentation\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
    const rows = section.split('\n').filter((line) => line.startsWith('|'));
    assert.ok(rows.length > 2, 'README.md has a table under ## Documentation');
    const linked = new Set(links(rows.join('\n')).filter((l) => l.startsWith('docs/')).map((l) => l.slice('docs/'.length).split('#')[0]));
    assert.deepEqual(pages.filter((p) => !linked.has(p)), [], 'pages of docs/ missing from the table');
    assert.deepEqual([...linked].filter((p) => !pages.includes(p)), [], 'the table links pages docs/ does not have');
  });

  it('every relative link of the README and docs/ leads to a file, and to a heading of it', () => {
    const broken: string[] = [];
    const check = (from: string, text: string) => {
      for (const link of links(text)) {
        const [file, fragment] = link.split('#');
        const target = file ? path.resolve(path.dirname(from), file) : from;
        if (!existsSync(target)) { broken.push(`${path.relative(repoRoot, from)}: ${link}`); continue; }
        if (fragment && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(fragment)) broken.push(`${path.relative(repoRoot, from)}: ${link} (no such heading)`);
      }
    };
    check(path.join(repoRoot, 'README.md'), readme);
    for (const [page, text] of docs) check(path.join(docsDir, page), text);
    assert.deepEqual(broken, []);
  });
});
