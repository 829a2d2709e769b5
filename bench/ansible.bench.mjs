// Ansible: Archipel's checks (structure, modules' arguments, ansible-lint's rules, yamllint's,
// variables) against Debian's ansible-lint on the same 500 generated playbooks, offline.
//
//   checking      Archipel: the 500 files indexed and diagnosed, in one process, after load, as
//                 `archipel check` does it (platform/project.ts's checkFiles, the Ansible feature),
//                 in the two configurations a user meets: the CLI's V8 flags (V8's own) and the
//                 language server's (SERVER_V8_FLAGS); their CPU times in the notes (the wall time
//                 follows the machine's load)
//   whole process Archipel: node started, bundle and ansible-core's data loaded, every file checked
//   ansible-lint  the whole command (`ansible-lint --offline -p` on the folder, git-listed as it
//                 discovers files): its syntax check runs ansible-playbook once per playbook.
// ansible-lint runs once per benchmark run (minutes); Archipel --runs times, in alternating order.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ANSIBLE_PACKAGES } from '../scripts/lib/system-deps.mjs';
import { bundleServerCode } from './lib/bundle.mjs';
import { dataDir } from './lib/fixtures.mjs';
import { installPeer, peerOrSkip } from './lib/tiny.mjs';
import { childrenCpuMs } from './lib/facts.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Ansible — 500 playbooks (7,500 tasks) checked: Archipel / ansible-lint';

const MODULES = [
  (i) => ['ansible.builtin.apt:', `  name: pkg${i}`, '  state: present'],
  (i) => ['ansible.builtin.template:', `  src: app${i}.conf.j2`, `  dest: "{{ app_dir }}/app${i}.conf"`, '  mode: "0644"'],
  (i) => ['ansible.builtin.file:', `  path: "{{ app_dir }}/data${i}"`, '  state: directory', '  mode: "0755"'],
  (i) => ['ansible.builtin.command:', `  cmd: /usr/local/bin/migrate --step ${i}`, `  creates: /var/lib/app/step${i}`],
  (i) => ['ansible.builtin.service:', `  name: app${i}`, '  state: started', '  enabled: true'],
  (i) => ['ansible.builtin.lineinfile:', '  path: /etc/app.conf', `  regexp: "^port${i}="`, `  line: "port${i}={{ app_port }}"`],
  (i) => ['ansible.builtin.user:', `  name: user${i}`, '  groups: app', '  append: true'],
  (i) => ['ansible.builtin.uri:', `  url: "http://localhost:{{ app_port }}/health/${i}"`, '  status_code: 200'],
];

/** A playbook of two plays and 15 tasks, with a few deliberate problems every tenth file. */
export function playbook(n) {
  const lines = ['---', `- name: Configure application ${n}`, '  hosts: app', '  become: true', '  vars:', `    app_dir: /opt/app${n}`, `    app_port: ${8000 + n}`, '  tasks:'];
  for (let t = 0; t < 12; t++) {
    const body = MODULES[(n + t) % MODULES.length](t);
    const broken = n % 10 === 0 && t === 3;
    lines.push(`    - name: ${broken ? 'step' : 'Step'} ${t} of playbook ${n}`, ...body.map((line, i) => `      ${broken && i === 1 ? line.replace(/^  (\w+):/, '  $1x:') : line}`));
    if (t % 4 === 0) lines.push('      when: app_port | int > 0');
    if (t % 5 === 0) lines.push('      tags: [setup]');
  }
  lines.push('  handlers:', '    - name: Restart app', '      ansible.builtin.service:', '        name: app', '        state: restarted');
  lines.push(`- name: Check application ${n}`, '  hosts: app', '  gather_facts: false', '  tasks:');
  for (let t = 0; t < 3; t++) lines.push(`    - name: Check ${t}`, '      ansible.builtin.uri:', `        url: "http://localhost/{{ inventory_hostname }}/${t}"`, '      register: check', '      until: check.status == 200', '      retries: 3');
  return `${lines.join('\n')}\n`;
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root, runs } = context;
  const folder = path.join(dataDir, 'ansible', 'playbooks');
  rmSync(path.join(dataDir, 'ansible'), { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  let lines = 0;
  // --tiny: 10 playbooks (ansible-lint on them takes seconds, not minutes).
  const playbooks = context.tiny ? 10 : 500;
  const skipped = [];
  for (let n = 0; n < playbooks; n++) {
    const text = playbook(n);
    lines += text.split('\n').length - 1;
    writeFileSync(path.join(folder, `site${String(n).padStart(3, '0')}.yml`), text);
  }
  installPeer(context, ANSIBLE_PACKAGES, 'Debian\'s ansible-lint');
  const lint = spawnSync('ansible-lint', ['--version'], { encoding: 'utf8' });
  const hasPeer = peerOrSkip(context, !lint.error && lint.status === 0, 'ansible-lint is not on the PATH (Debian: apt-get install ansible-lint; scripts/lib/system-deps.mjs installs it)', skipped);
  const peerVersion = !hasPeer ? 'ansible-lint (skipped)' : lint.stdout.replace(/\x1b\[[0-9;]*m/g, '').split('\n')[0];
  context.progress('bundling Archipel with esbuild');
  const bundle = path.join(dataDir, 'ansible-ours.cjs');
  await bundleServerCode({ entryPoints: [path.join(root, 'bench', 'lib', 'ansible', 'ours.mjs')], outfile: bundle });
  const worker = path.join(root, 'bench', 'lib', 'ansible', 'worker.mjs');
  // ansible-lint lists a project's files with git: the folder is a repository of its own (nothing committed).
  const project = path.join(dataDir, 'ansible');
  spawnSync('git', ['init', '-q'], { cwd: project });
  spawnSync('git', ['add', '-A'], { cwd: project });
  const home = mkdtempSync(path.join(os.tmpdir(), 'archipel-bench-ansible-'));
  const ours = [];
  /** The same checking under the language server's V8 flags. */
  const asServer = [];
  let peerMs = NaN;
  let peerCpuMs = NaN;
  let peerOutput = '';
  try {
    for (let r = 0; r < runs; r++) {
      const cpu0 = childrenCpuMs();
      const t = performance.now();
      const out = spawnSync(process.execPath, [worker, bundle, root, folder, 'cli'], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
      if (out.status !== 0) throw new Error(`Archipel worker failed: ${out.stderr}`);
      ours.push({ ...JSON.parse(out.stdout.trim().split('\n').pop()), processMs: performance.now() - t, processCpuMs: childrenCpuMs() - cpu0 });
      const server = spawnSync(process.execPath, [worker, bundle, root, folder, 'server'], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
      if (server.status !== 0) throw new Error(`Archipel worker failed: ${server.stderr}`);
      asServer.push(JSON.parse(server.stdout.trim().split('\n').pop()));
      if (r === 0 && hasPeer) {
        context.progress('ansible-lint (once: minutes)');
        const cpu0 = childrenCpuMs();
        const start = performance.now();
        const peer = spawnSync('ansible-lint', ['--offline', '-p', '--nocolor'], { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8' }, maxBuffer: 256 << 20 });
        peerMs = performance.now() - start;
        peerCpuMs = childrenCpuMs() - cpu0;
        peerOutput = `${peer.stdout}\n${peer.stderr}`;
      }
      context.progress(`run ${r + 1}/${runs}`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const pick = (f) => median(ours.map(f));
  const count = (codes, code) => codes.filter((c) => c === code).length;
  const peerFindings = peerOutput.split('\n').filter((line) => /^\S+:\d+: /.test(line));
  return {
    peer: peerVersion,
    rows: [
      { name: `checking ${playbooks} playbooks (after load; archipel check's V8 flags) / ansible-lint`, ours: pick((x) => x.checkMs), peer: peerMs },
      { name: `checking ${playbooks} playbooks (after load; the language server's V8 flags) / ansible-lint`, ours: median(asServer.map((x) => x.checkMs)), peer: peerMs },
      { name: 'whole process (node start, data loaded, every file checked) / ansible-lint', ours: pick((x) => x.processMs), peer: peerMs, cpuMs: { ours: pick((x) => x.processCpuMs), peer: peerCpuMs } },
      { name: 'load: bundle + ansible-core data', ours: pick((x) => x.loadMs), peer: peerMs },
    ],
    notes: [
      `${ours[0].files} files, ${lines} lines, 7,500 tasks; every tenth file a lowercase name and a misspelt argument`,
      `Archipel found ${ours[0].found.length}: ${[...new Set(ours[0].found)].map((code) => `${code} ×${count(ours[0].found, code)}`).join(', ')}`,
      `ansible-lint found ${peerFindings.length}: ${peerOutput.trim().split('\n').filter((line) => /failure|Passed|Failed/.test(line)).slice(-1)[0] ?? ''}`,
      `Archipel's checking in CPU (user + sys, median): ${pick((x) => x.checkCpuMs).toFixed(0)} ms with archipel check's V8 flags (V8's own), ${median(asServer.map((x) => x.checkCpuMs)).toFixed(0)} ms with the language server's (${asServer[0].flags}); load average at the end ${os.loadavg().map((n) => n.toFixed(1)).join(' / ')}`,
      `bundle: ${(readFileSync(bundle).length / 1024).toFixed(0)} KB`,
      ...skipped,
    ],
  };
}
