/**
 * Which Spring settings a program's code reads (issue #95). Spring binds every setting under a `@ConfigurationProperties`
 * prefix into its type, from `application.*` and from the environment by relaxed binding (`YAS_SERVICES_CART` is
 * `yas.services.cart`); a setting bound so is used only when the code calls the type's accessor for it (`.cart()`,
 * `getCart()`). yas's storefront BFF is given ten service URLs bound into `ServiceUrlConfig`, whose `services()` nothing
 * calls: those addresses are no call.
 *
 * Only settings under a prefix the program's own code binds are judged: one under no such prefix may be read by a library
 * (`keycloak.auth-server-url`, `customers.ribbon.listOfServers`) and stays a call. Neither is one under a type whose name the
 * family's sniff does not follow (files.ts claims the files declaring such a field: `ServiceUrlConfig serviceUrlConfig;`):
 * its users may not be in the index. Pure: texts in, facts out. Each expression is linear (no nested or adjacent
 * overlapping quantifiers).
 */
import type { SourceNode, SourcePair } from '../yaml/sourceNode';

/** What one file says of the settings its program reads. */
export interface SettingFacts {
  /** Spring code (Java or Kotlin that names Spring). */
  readonly spring: boolean;
  /** `@ConfigurationProperties` declared here: the canonical prefix, and the type bound (none on a `@Bean` method: a library's type, every setting under it read). */
  readonly bindings: readonly { prefix: string; type?: string }[];
  /** Settings named by a placeholder or a string (`${yas.services.media}`, `getProperty("yas.services.media")`), canonical. */
  readonly named: ReadonlySet<string>;
  /** Members called (`.media()`, `::media`; Kotlin's `.media` too), lower case, with a getter's `get` or `is` dropped as well. */
  readonly members: ReadonlySet<string>;
  /** The names of settings types it uses (`ServiceUrlConfig`: those followedType matches). */
  readonly types: ReadonlySet<string>;
}

/** The endings of a settings type's name, whose users the sniff claims (files.ts writes them inline: its generator copies a sniff only if it stands alone). */
const SETTINGS_TYPE_ENDING = '(?:Config|Configuration|Properties|Props|Settings)';

/** Type names whose users the sniff claims (files.ts): a binding under another name is not judged. */
export const followedType = new RegExp(`${SETTINGS_TYPE_ENDING}$`);

/** Settings the framework reads itself: never judged, whatever a program binds under them. */
const frameworkRoots = new Set(['spring', 'server', 'management', 'eureka', 'logging', 'info', 'debug', 'trace', 'feign', 'ribbon', 'zuul', 'hystrix', 'resilience4j', 'springdoc', 'otel', 'endpoints']);

/**
 * A setting's canonical form, as Spring compares them: an environment variable (`YAS_SERVICES_SAMPLE_DATA`) lower case with
 * `_` for `.`; a property (`yas.services.token-identity`, `list[0]`) lower case without dashes and underscores, `[0]` a segment.
 */
export function canonicalSetting(key: string): string {
  if (/^[A-Z0-9_]+$/.test(key)) return key.toLowerCase().split('_').filter((part) => part !== '').join('.');
  return key.toLowerCase().replace(/\[(\w{1,16})\]/g, '.$1').replace(/[-_]/g, '').split('.').filter((part) => part !== '').join('.');
}

const springMark = /\borg\.springframework\b|@SpringBootApplication\b/;
const binding = /@ConfigurationProperties\s{0,20}\(\s{0,20}(?:(?:prefix|value)\s{0,20}=\s{0,20})?"([\w.-]{1,128})"/g;
const declaration = /\b(?:class|record|interface)\s{1,20}([A-Za-z_]\w{0,127})/;
const placeholder = /\$\{([A-Za-z_][\w.[\]-]{0,127})/g;
const dotted = /"([A-Za-z][\w.[\]-]{0,127})"/g;
const typeName = new RegExp(String.raw`\b[A-Z]\w{0,60}${SETTINGS_TYPE_ENDING}\b`, 'g');
const javaMember = /(?:\.|::)[ \t]{0,4}([A-Za-z_]\w{0,63})[ \t]{0,4}(\()?/g;

/** The facts of one file's text (`language`: how members are written; `config` for a settings file, read for its placeholders only). */
export function settingFacts(text: string, language: 'java' | 'kotlin' | 'config'): SettingFacts {
  const named = new Set<string>();
  const members = new Set<string>();
  const bindings: { prefix: string; type?: string }[] = [];
  const types = new Set<string>();
  for (const match of text.matchAll(placeholder)) named.add(canonicalSetting(match[1]));
  if (language === 'config') return { spring: false, bindings, named, members, types };
  for (const match of text.matchAll(typeName)) types.add(match[0]);
  for (const match of text.matchAll(dotted)) if (match[1].includes('.')) named.add(canonicalSetting(match[1]));
  for (const match of text.matchAll(binding)) {
    // What the annotation is on: a type (its declaration before the body's brace), else a `@Bean` method (a library's type).
    const tail = text.slice(match.index + match[0].length, match.index + match[0].length + 600);
    const brace = tail.indexOf('{');
    const head = brace === -1 ? tail : tail.slice(0, brace);
    const declared = declaration.exec(head);
    const method = /\bfun\s/.exec(head);
    const type = declared && (!method || method.index > declared.index) ? declared[1] : undefined;
    bindings.push({ prefix: canonicalSetting(match[1]), ...(type !== undefined ? { type } : {}) });
  }
  for (const line of text.split('\n')) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('import ') || trimmed.startsWith('package ') || line.length > 2000) continue;
    for (const match of line.matchAll(javaMember)) {
      // Java reads a record's component or a getter by a call (`.media()`) or a reference (`::media`); Kotlin a property as `.media`.
      if (language === 'java' && match[2] === undefined && !match[0].startsWith('::')) continue;
      const name = match[1].toLowerCase();
      members.add(name);
      const getter = /^(?:get|is)(\w+)$/.exec(name);
      if (getter) members.add(getter[1]);
    }
  }
  return { spring: springMark.test(text), bindings, named, members, types };
}

/**
 * Whether a program never reads a setting (its environment variable or property key): under a prefix bound by a type it
 * declares or names (`bindings`: those of its own files and of the types its files name, a shared library's; any other
 * binding covering it, on a `@Bean` method or a type the sniff does not follow, leaves it unjudged), and neither
 * named anywhere in its files nor reached by the accessor of its first segment below the prefix (`services` of `yas.services.cart`
 * under `yas`; under `yas.services`, `cart` — or, for an environment variable split where Spring would not, `sample` then
 * `sampledata`). False for what the framework reads, or under a binding on a `@Bean` method or on a type the sniff does not follow.
 */
export function neverRead(key: string, files: readonly SettingFacts[], bindings: readonly { prefix: string; type?: string }[]): boolean {
  const setting = canonicalSetting(key);
  const segments = setting.split('.');
  if (segments.length < 2 || frameworkRoots.has(segments[0])) return false;
  if (files.some((file) => file.named.has(setting))) return false;
  let judged = false;
  for (const { prefix, type } of bindings) {
    if (!setting.startsWith(`${prefix}.`)) continue;
    if (type === undefined || !followedType.test(type)) return false;
    judged = true;
    const below = setting.slice(prefix.length + 1).split('.');
    for (let count = 1; count <= below.length; count++) {
      const member = below.slice(0, count).join('');
      if (files.some((file) => file.members.has(member))) return false;
    }
  }
  return judged;
}

/** The profile expression of a Spring settings document (`spring.config.activate.on-profile`, else the older `spring.profiles` when a scalar), keys nested or dotted. */
function profileExpression(text: string, offset: number, tree: SourceNode): string | undefined {
  for (const path of ['spring.config.activate.on-profile', 'spring.profiles']) {
    let node: SourceNode | null = tree;
    let rest = path;
    // Each step takes the key that is the path's next segments (`spring`, or `spring.config.activate` written dotted).
    while (node && rest !== '') {
      const pair: SourcePair | undefined = node.kind === 'map' ? node.pairs?.find((p) => p.key !== undefined && (rest === p.key || rest.startsWith(`${p.key}.`))) : undefined;
      if (!pair) break;
      node = pair.value;
      rest = rest.slice(pair.key!.length + 1);
    }
    if (node && rest === '' && node.kind === 'scalar') return text.slice(offset + node.start, offset + node.end).replace(/^(["'])(.*)\1$/s, '$2');
  }
  return undefined;
}

/**
 * The profiles a Spring profile document is for (issue #95): `spring.config.activate.on-profile: docker` (or the older
 * `spring.profiles: docker`) in a `---` document, several comma-separated; undefined for a default document, or for a
 * profile expression (`!dev`, `prod & cloud`) the map does not evaluate (read as today, for every deployment).
 */
function documentProfiles(value: string | undefined): string[] | undefined {
  if (value === undefined || value.length > 200 || /[!&|()]/.test(value)) return undefined;
  const profiles = value.split(',').map((profile) => profile.trim().toLowerCase()).filter((profile) => profile !== '');
  return profiles.length > 0 ? profiles : undefined;
}

/** The profile of a profile-specific settings file (`application-docker.yml`, `bootstrap-kubernetes.properties`); undefined for another. */
export function fileProfile(fileName: string): string | undefined {
  return /^(?:application|bootstrap)-([\w.-]{1,60})\.(?:ya?ml|properties)$/i.exec(fileName)?.[1].toLowerCase();
}

/**
 * Whether a deployment whose `SPRING_PROFILES_ACTIVE` is `active` (undefined: unknown, or set where the map does not read
 * its value) reads the settings of a document or file for `profiles`: always when unknown, else when one of them is active.
 */
export function profileActive(profiles: readonly string[], active: string | undefined): boolean {
  if (active === undefined || active.includes('${')) return true;
  const set = new Set(active.split(',').map((profile) => profile.trim().toLowerCase()));
  return profiles.some((profile) => set.has(profile));
}

/** Reads a settings document (`read`), giving the calls it adds to `calls` the profiles of `spring`'s document (a Spring file's, else none). */
export function readProfileDocument(calls: { profiles?: string[] }[], read: () => void, spring?: { text: string; offset: number; tree: SourceNode }): void {
  const before = calls.length;
  read();
  const profiles = spring ? documentProfiles(profileExpression(spring.text, spring.offset, spring.tree)) : undefined;
  if (profiles) for (const call of calls.slice(before)) call.profiles = profiles;
}
