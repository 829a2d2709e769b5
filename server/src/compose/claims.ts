/**
 * A Compose file known by its content whatever its name (`compose/infrastructure.yml`, issue #95): the sniff of the
 * family's selector (model.ts composeFiles), asked of a `.yml`/`.yaml` file its name does not claim, on its first
 * COMPOSE_SNIFF_BYTES bytes.
 */

/** The first bytes of a file the sniff reads (the selector's bound: common/fileSelector.ts MAX_SNIFF_BYTES). */
export const COMPOSE_SNIFF_BYTES = 16_384;

/**
 * Whether a YAML file's first bytes read as a Compose file: every top-level key one of Compose's (`version`, `name`,
 * `include`, `services`, `networks`, `volumes`, `configs`, `secrets`, `models`, `x-…`: no `apiVersion`, `kind`, `jobs`,
 * `steps`, a Helm chart's values), a `services:` mapping (not a sequence, as GitLab CI's and Drone's), each entry a
 * mapping whose keys are all a Compose service's, an `image:` a string (a Helm value's `image:` is a mapping), and at
 * least one entry with an `image:` or a `build:`. A line scan, no parse: it runs on every YAML candidate of a scan.
 * The last line of the head is left out (the bound may cut it). Self-contained (it names nothing but its argument,
 * the keys inline: the light entry, families/lazy.generated.ts, copies its source; claims.test.ts checks the service
 * keys against the compose-spec schema).
 */
export function composeHeadClaims(head: string): boolean {
  if (!/^services[ \t]*:/m.test(head)) return false;
  const lines = head.split('\n');
  lines.pop();
  const key = /^( *)([A-Za-z0-9_<][\w.<-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t](.*))?$/;
  let top: string | undefined;
  let services = false;
  let entryIndent = -1;
  let propertyIndent = -1;
  let entry = false;
  let programs = 0;
  let content = false;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/^[ \t]*(#.*)?$/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    // Tabs never indent YAML.
    if (line.slice(0, indent).includes('\t')) return false;
    const dash = /^ *-([ \t]|$)/.test(line);
    const match = dash ? null : key.exec(line);
    // Its value without its anchor and tag (`&web`, `!reset`).
    let value = (match?.[3] ?? '').trimStart();
    while (value.startsWith('&') || value.startsWith('!')) {
      const space = value.search(/[ \t]/);
      value = space < 0 ? '' : value.slice(space).trimStart();
    }
    if (indent === 0) {
      if (line.startsWith('---')) {
        if (content) break;
        continue;
      }
      if (line.startsWith('...')) break;
      if (line.startsWith('%')) continue;
      content = true;
      // A top-level sequence (a playbook) or a `services:` that is one (GitLab CI); else the compact list of a key.
      if (dash) {
        if (top === undefined || (top === 'services' && entryIndent < 0)) return false;
        continue;
      }
      if (!match) return false;
      const name = match[2].replace(/^(["'])(.*)\1$/, '$2');
      if (!/^(version|name|include|services|networks|volumes|configs|secrets|models|x-.*)$/.test(name)) return false;
      if (name === 'services' && services) return false;
      top = name;
      entry = false;
      services ||= name === 'services' && (value === '' || value.startsWith('#'));
      entryIndent = -1;
      continue;
    }
    if (top !== 'services' || !services) continue;
    if (entryIndent < 0) {
      if (dash) return false;
      entryIndent = indent;
    }
    if (indent < entryIndent) return false;
    if (indent === entryIndent) {
      if (!match) return false;
      entry = value === '' || value.startsWith('#');
      // An entry written in flow (`web: {image: nginx}`) holds its keys on its line.
      if (!entry && value.startsWith('{') && /[{,][ \t]*(image|build)[ \t]*:/.test(value)) programs++;
      propertyIndent = -1;
      continue;
    }
    if (!entry) continue;
    if (propertyIndent < 0) {
      if (dash) return false;
      propertyIndent = indent;
    }
    if (indent < propertyIndent) return false;
    if (indent > propertyIndent || dash) continue;
    if (!match) return false;
    const name = match[2].replace(/^(["'])(.*)\1$/, '$2');
    if (
      !/^(<<|x-.*|annotations|attach|blkio_config|build|cap_add|cap_drop|cgroup|cgroup_parent|command|configs|container_name|cpu_count|cpu_percent|cpu_period|cpu_quota|cpu_rt_period|cpu_rt_runtime|cpu_shares|cpus|cpuset|credential_spec|depends_on|deploy|develop|device_cgroup_rules|devices|dns|dns_opt|dns_search|domainname|entrypoint|env_file|environment|expose|extends|external_links|extra_hosts|gpus|group_add|healthcheck|hostname|image|init|ipc|isolation|label_file|labels|links|logging|mac_address|mem_limit|mem_reservation|mem_swappiness|memswap_limit|models|network_mode|networks|oom_kill_disable|oom_score_adj|pid|pids_limit|platform|ports|post_start|pre_start|pre_stop|privileged|profiles|provider|pull_policy|pull_refresh_after|read_only|restart|runtime|scale|secrets|security_opt|shm_size|stdin_open|stop_grace_period|stop_signal|storage_opt|sysctls|tmpfs|tty|ulimits|use_api_socket|user|userns_mode|uts|volumes|volumes_from|working_dir|volume_driver|kernel_memory|log_driver|log_opt|net|dockerfile)$/.test(
        name,
      )
    )
      return false;
    if (name === 'image') {
      // Compose's image is a string; an image written as a mapping (`repository:`, `tag:`) is a chart's value.
      if (value === '' || /^[#{[|>]/.test(value)) return false;
      programs++;
    } else if (name === 'build') programs++;
  }
  return programs > 0;
}
