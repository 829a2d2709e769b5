/**
 * Images built by Jib (issue #95, oktadev/auth0-micro-frontends-jhipster-example: the gateway's image is made by
 * `gradle jibDockerBuild`, with no Dockerfile): the Maven or Gradle module whose Jib plugin names the image a component runs
 * (`jib { to { image = "gateway:latest" } }`, Maven's jib-maven-plugin `<to><image>`) is that component's build, its folder
 * the module's. The modules looked at are the folders above the `src/main/` of the index's files; their `pom.xml`,
 * `build.gradle(.kts)` and the Gradle scripts it applies from its own folder (`apply from: "gradle/docker.gradle"`) are
 * read through the host's one bounded, confined read. The one reading of Jib builds: each is a build node of the system
 * map (system.ts), whose `builds` edges the other families follow (the threats' build folders). Pure otherwise.
 */
import type { SystemSource } from '../features/system/contributor';
import { LineIndex } from '../common/lineIndex';

/** The Gradle scripts a build script applies from its own folder, at most this many. */
const MAX_APPLIED = 16;

/** Gradle's `to { image = "x" }` (Groovy or Kotlin, `image.set("x")` too) and `to.image = "x"`. */
const GRADLE_TO = /\bto\s{0,20}\{[^{}]{0,600}?\bimage(?:\s{0,5}=\s{0,5}|\.set\(\s{0,5})["']([^"'\s]{1,200})["']|\bto\.image\s{0,5}=\s{0,5}["']([^"'\s]{1,200})["']/;
/** `apply from: "gradle/docker.gradle"`, `apply(from = "gradle/docker.gradle.kts")`. */
const APPLY_FROM = /\bapply\s{0,5}\(?\s{0,5}from\s{0,5}[:=]\s{0,5}["']([\w./-]{1,200}\.gradle(?:\.kts)?)["']/g;

/** Where a build names its image: the script (a pom, a Gradle script or one it applies), the offset of the image's text. */
interface Named {
  image: string;
  uri: string;
  offset: number;
}

/** A Jib module: its build file (pom.xml, build.gradle) with where it names Jib, the image it pushes, where that is written. */
export interface JibBuild {
  uri: string;
  plugin: SystemSource;
  image: string;
  source: SystemSource;
}

/** The text between a pom's `<name>` and `</name>` from `from` on, trimmed, with its offset; undefined when absent. */
function element(xml: string, name: string, from = 0, before = xml.length): { text: string; offset: number } | undefined {
  const open = xml.indexOf(`<${name}>`, from);
  const close = open === -1 ? -1 : xml.indexOf(`</${name}>`, open);
  if (open === -1 || close === -1 || close > before) return undefined;
  const raw = xml.slice(open + name.length + 2, close);
  return { text: raw.trim(), offset: open + name.length + 2 + (raw.length - raw.trimStart().length) };
}

function mavenJib(pom: string, uri: string): Named | undefined {
  const plugin = pom.indexOf('<artifactId>jib-maven-plugin</artifactId>');
  if (plugin === -1) return undefined;
  const end = pom.indexOf('</plugin>', plugin);
  const to = pom.indexOf('<to>', plugin);
  const image = to === -1 || (end !== -1 && to > end) ? undefined : element(pom, 'image', to, pom.indexOf('</to>', to));
  if (image === undefined || !/^\S{1,200}$/.test(image.text)) return undefined;
  // The project's own artifactId: the first outside its <parent>.
  const parentEnd = pom.indexOf('</parent>');
  const property = (name: string): string | undefined => (name === 'project.artifactId' || name === 'artifactId' ? element(pom, 'artifactId', parentEnd === -1 ? 0 : parentEnd) : element(pom, name, pom.indexOf('<properties>'), pom.indexOf('</properties>')))?.text;
  return { image: image.text.replace(/\$\{([\w.-]{1,100})\}/g, (whole, name: string) => property(name) ?? whole), uri, offset: image.offset };
}

/** The image a pom.xml's jib-maven-plugin pushes to, its `${property}` resolved from the pom's own properties and artifactId. */
export function mavenJibImage(pom: string): string | undefined {
  return mavenJib(pom, '')?.image;
}

/** A script a build script applies (`gradle/docker.gradle`), relative to it: a file URI, never an absolute path (APPLY_FROM names no scheme). */
function appliedUri(relative: string, base: string): string | undefined {
  if (relative.startsWith('/')) return undefined;
  try {
    const uri = new URL(relative.split('/').map(encodeURIComponent).join('/'), base).href;
    return uri.startsWith('file:') ? uri : undefined;
  } catch {
    return undefined;
  }
}

function gradleJib(script: string, uri: string, text: (uri: string) => string | undefined): Named | undefined {
  const scripts = [{ uri, text: script }];
  for (let i = 0; i < scripts.length && scripts.length <= MAX_APPLIED; i++) {
    const { text: body } = scripts[i];
    if (/\bjib\b/.test(body)) {
      const m = GRADLE_TO.exec(body);
      if (m) {
        const image = m[1] ?? m[2];
        return { image, uri: scripts[i].uri, offset: m.index + m[0].lastIndexOf(image) };
      }
    }
    if (i > 0) continue;
    for (const applied of body.matchAll(APPLY_FROM)) {
      const at = appliedUri(applied[1], uri);
      const read = at === undefined ? undefined : text(at);
      if (at !== undefined && read !== undefined) scripts.push({ uri: at, text: read });
    }
  }
  return undefined;
}

/** The image a Gradle build script (and the scripts it applies from its folder) has Jib push to. */
export function gradleJibImage(script: string, uri: string, text: (uri: string) => string | undefined): string | undefined {
  return gradleJib(script, uri, text)?.image;
}

/** The build file of the Jib module in `folder` (a URI ending in `/`): its pom.xml, else its build.gradle(.kts), with the image it pushes. */
function jibBuildIn(folder: string, text: (uri: string) => string | undefined): JibBuild | undefined {
  const found: Named[] = [];
  const pom = text(`${folder}pom.xml`);
  const maven = pom === undefined ? undefined : mavenJib(pom, `${folder}pom.xml`);
  let uri = `${folder}pom.xml`;
  if (maven !== undefined) found.push(maven);
  for (const name of ['build.gradle', 'build.gradle.kts']) {
    if (found.length > 0) break;
    const script = text(`${folder}${name}`);
    const gradle = script === undefined ? undefined : gradleJib(script, `${folder}${name}`, text);
    if (gradle !== undefined) {
      found.push(gradle);
      uri = `${folder}${name}`;
    }
  }
  const named = found[0];
  if (named === undefined) return undefined;
  const at = (file: string, offset: number, length: number): SystemSource => {
    const lines = new LineIndex(text(file) ?? '');
    return { uri: file, range: { start: lines.positionAt(offset), end: lines.positionAt(offset + length) } };
  };
  const plugin = Math.max(0, (text(uri) ?? '').indexOf('jib'));
  return { uri, plugin: at(uri, plugin, 3), image: named.image, source: at(named.uri, named.offset, named.image.length) };
}

/** The workspace's Jib builds: the modules (the folders above a `src/main/` of `files`) whose Jib plugin names an image, by folder. */
export function jibBuilds(files: Iterable<string>, text: (uri: string) => string | undefined): JibBuild[] {
  const modules = new Set<string>();
  for (const uri of files) {
    const at = uri.indexOf('/src/main/');
    if (at !== -1) modules.add(uri.slice(0, at + 1));
  }
  return [...modules].sort().flatMap((module) => jibBuildIn(module, text) ?? []);
}
