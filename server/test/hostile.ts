/**
 * Files anyone can commit to a repository that once froze the server, made its work superlinear or
 * were read without a word (issue #22). Generated, never committed: a test writes them to a
 * temporary folder. Each is small enough to write in milliseconds and large enough that quadratic
 * work on it takes minutes.
 */
export interface HostileFile {
  /** Path relative to the folder the files are written to. */
  path: string;
  content: string | Buffer;
  /** What it probes, for messages. */
  why: string;
}

const repeat = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');

const adr = (title: string, body: string) => `---\nstatus: accepted\ndate: 2025-01-20\n---\n\n# ${title}\n\n## Context and Problem Statement\n\n${body}\n`;

export function hostileFiles(): HostileFile[] {
  return [
    { path: 'yaml/braces.yaml', content: '{'.repeat(1345) + '\n', why: 'a line of unclosed flow maps (toJS of the yaml package superlinear)' },
    { path: 'yaml/brackets.yaml', content: 'items: ' + '['.repeat(1345) + '\n', why: 'a line of unclosed flow sequences' },
    { path: 'yaml/mixed-flow.yaml', content: '{['.repeat(700) + '\n', why: 'unclosed flow maps and sequences, alternating' },
    { path: 'yaml/deep-closed.yaml', content: 'a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n', why: '10,000-deep closed flow nesting' },
    { path: 'yaml/deep-block.yaml', content: '- '.repeat(10_000) + 'x\n', why: '10,000-deep compact block sequences' },
    { path: 'yaml/flow-keys.yaml', content: repeat(2000, (i) => `? {a${i}: [1, 2, {b: c}]}\n: ${i}\n`), why: 'flow collections as keys' },
    { path: 'yaml/duplicate-keys.yaml', content: repeat(40_000, (i) => `key: ${i}\n`), why: '40,000 duplicate keys' },
    { path: 'yaml/big-flow.yaml', content: 'list: [' + repeat(100_000, (i) => `${i}, `) + ']\n', why: 'a flow sequence of 100,000 items' },
    { path: 'yaml/long-key.yaml', content: 'k'.repeat(500_000) + ': 1\n', why: 'a 500 KB key' },
    { path: 'yaml/long-flow-key.yaml', content: '{' + 'k'.repeat(200_000) + ': 1}\n', why: 'a 200 KB key in a flow map' },
    { path: 'yaml/long-line.yaml', content: 'value: ' + 'x'.repeat(1_000_000) + '\n', why: 'a 1 MB line' },
    { path: 'yaml/anchors.yaml', content: repeat(20_000, (i) => `a${i}: &a${i} {x: ${i}}\n`) + repeat(20_000, (i) => `b${i}: *a${i}\n`), why: '20,000 anchors and aliases' },
    { path: 'yaml/alias-bomb.yaml', content: 'a: &a [x, x, x, x, x, x, x, x, x]\n' + repeat(9, (i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${repeat(9, () => `*${String.fromCharCode(97 + i)}, `)}]\n`), why: 'a billion-laughs alias expansion' },
    { path: 'yaml/many-documents.yaml', content: repeat(30_000, (i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`), why: '30,000 documents' },
    { path: 'yaml/invalid-utf8.yaml', content: Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('\n')]), why: 'bytes that are not UTF-8' },
    {
      path: 'yaml/utf16.yaml',
      content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatta:\n  k: v\n', 'utf16le')]),
      why: 'UTF-16 with a byte-order mark and a misspelt field',
    },
    { path: 'docs/adr/0001-deep-quotes.md', content: adr('Deep quotes', '>'.repeat(10_000) + ' deep\n'), why: '10,000-deep Markdown block quotes' },
    { path: 'docs/adr/0002-deep-lists.md', content: adr('Deep lists', repeat(400, (i) => '  '.repeat(i) + '- item\n')), why: '400-deep Markdown lists' },
    { path: 'docs/adr/0003-emphasis.md', content: adr('Emphasis', '*_'.repeat(50_000) + '\n'), why: '100,000 unmatched emphasis markers' },
    { path: 'docs/adr/0004-table.md', content: adr('Table', '| ' + repeat(20, (c) => `h${c} | `) + '\n|' + '---|'.repeat(20) + '\n' + repeat(1000, (r) => '| ' + repeat(20, (c) => `r${r}c${c} | `) + '\n')), why: 'a 1,000-row table' },
    { path: 'docs/adr/0005-links.md', content: adr('Links', repeat(20_000, (i) => `[ADR ${i}](000${i}-x.md) `) + '\n'), why: '20,000 links to missing ADRs' },
    {
      path: 'governance/many.raci.yaml',
      content:
        'kind: raci\nscheme: RACI\ntitle: Many roles\nroles:\n' +
        repeat(3000, (i) => `  - {id: r${i}, name: Role ${i}}\n`) +
        'activities:\n' +
        repeat(300, (a) => `  - id: A-${a}\n    activity: Activity ${a}\n    raci: {${repeat(40, (k) => `r${(a * 40 + k) % 3000}: ${k === 0 ? 'A' : 'R'}, `)}}\n`),
      why: '3,000 roles and 300 activities',
    },
    {
      path: 'pipeline/dvc.yaml',
      content:
        'stages:\n' +
        repeat(5000, (i) => `  s${i}:\n    cmd: run ${i}\n    deps: [o${i === 0 ? 4999 : i - 1}.txt]\n    outs: [o${i}.txt]\n`) +
        `  grid:\n    matrix:\n      a: [${repeat(1000, (i) => `${i}, `)}]\n      b: [${repeat(1000, (i) => `${i}, `)}]\n    cmd: run \${item.a} \${item.b}\n`,
      why: 'a 5,000-stage cycle and a 1,000,000-combination matrix',
    },
    {
      path: 'pipeline/interpolation.pipeline.yaml',
      content: `stages:\n  s:\n    cmd: "${'${'.repeat(100_000)}"\n    deps:\n      - "\${${'a.'.repeat(50_000)}a}"\n      - "${'${x}'.repeat(50_000)}"\n`,
      why: '100,000 unclosed ${, a 50,000-part expression, 50,000 ${…} in one string',
    },
    ...bannerFiles().map((file) => ({ ...file, path: `banners/${file.path}` })),
    { path: 'docs/huge.mmd', content: 'flowchart TD\n' + repeat(20_000, (i) => `  n${i}[Node ${i}] --> n${i + 1}\n`), why: 'a 20,000-edge Mermaid flowchart' },
  ];
}

/** A comment banner of 32 `#` above a Pod: the usual header of a manifest. */
export const BANNER = '#'.repeat(32) + '\n' + '#'.repeat(32) + '\napiVersion: v1\nkind: Pod\nmetadata:\n  name: banner\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
/** 40 `#` and content on the same line: what a fuzz edit found (50 bytes). */
export const BANNER_LINE = '#'.repeat(40) + ' apiVersion: v1\nkind: Pod';

/**
 * The two banners of issue #67 (a regular expression took 2^N steps on N `#` followed by content) at
 * a path that each YAML family takes: every family's `takes` and kind readers see them.
 */
export function bannerFiles(): HostileFile[] {
  const places = [
    'manifest.yaml',
    'docker-compose.yml',
    '.github/workflows/ci.yml',
    'playbook.yml',
    'roles/web/tasks/main.yml',
    'roles/web/defaults/main.yml',
    'group_vars/all.yml',
    'inventory/hosts.yml',
    'chart/Chart.yaml',
    'chart/values.yaml',
    'chart/templates/pod.yaml',
    'dvc.yaml',
    'params.yaml',
    'prometheus.yml',
    'rules/alerts.rules.yml',
    'governance/team.raci.yaml',
    'governance/risks.amdec.yaml',
    'quality/prices.expectations.yaml',
    'archipel.yaml',
    'action.yml',
    'kustomization.yaml',
    'grafana/provisioning/datasources/ds.yaml',
  ];
  return places.flatMap((place) => [
    { path: `block/${place}`, content: BANNER, why: `a 32-# banner above a manifest, as ${place}` },
    { path: `line/${place}`, content: BANNER_LINE, why: `40 # then content on one line, as ${place}` },
  ]);
}
