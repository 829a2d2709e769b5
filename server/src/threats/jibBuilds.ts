/**
 * Images built by Jib (issue #95, oktadev/auth0-micro-frontends-jhipster-example: the gateway's image is made by
 * `gradle jibDockerBuild`, with no Dockerfile): the Maven or Gradle module whose Jib plugin names the image a component runs
 * (`jib { to { image = "gateway:latest" } }`, Maven's jib-maven-plugin `<to><image>`) is that component's build, its folder
 * the module's. The modules looked at are the folders above the `src/main/` of the index's files; their `pom.xml`,
 * `build.gradle(.kts)` and the Gradle scripts it applies from its own folder (`apply from: "gradle/docker.gradle"`) are
 * read through the host's one bounded, confined read. An image named by two modules is neither's. Pure otherwise.
 */
import { imageRepository, imageTag } from '../features/system/images';
import { sideUri } from './sideFiles';

/** The Gradle scripts a build script applies from its own folder, at most this many. */
const MAX_APPLIED = 16;

/** Gradle's `to { image = "x" }` (Groovy or Kotlin, `image.set("x")` too) and `to.image = "x"`. */
const GRADLE_TO = /\bto\s{0,20}\{[^{}]{0,600}?\bimage(?:\s{0,5}=\s{0,5}|\.set\(\s{0,5})["']([^"'\s]{1,200})["']|\bto\.image\s{0,5}=\s{0,5}["']([^"'\s]{1,200})["']/;
/** `apply from: "gradle/docker.gradle"`, `apply(from = "gradle/docker.gradle.kts")`. */
const APPLY_FROM = /\bapply\s{0,5}\(?\s{0,5}from\s{0,5}[:=]\s{0,5}["']([\w./-]{1,200}\.gradle(?:\.kts)?)["']/g;

/** The text between a pom's `<name>` and `</name>` from `from` on, trimmed; undefined when absent. */
function element(xml: string, name: string, from = 0, before = xml.length): string | undefined {
  const open = xml.indexOf(`<${name}>`, from);
  const close = open === -1 ? -1 : xml.indexOf(`</${name}>`, open);
  return open === -1 || close === -1 || close > before ? undefined : xml.slice(open + name.length + 2, close).trim();
}

/** The image a pom.xml's jib-maven-plugin pushes to, its `${property}` resolved from the pom's own properties and artifactId. */
export function mavenJibImage(pom: string): string | undefined {
  const plugin = pom.indexOf('<artifactId>jib-maven-plugin</artifactId>');
  if (plugin === -1) return undefined;
  const end = pom.indexOf('</plugin>', plugin);
  const to = pom.indexOf('<to>', plugin);
  const image = to === -1 || (end !== -1 && to > end) ? undefined : element(pom, 'image', to, pom.indexOf('</to>', to));
  if (image === undefined || !/^\S{1,200}$/.test(image)) return undefined;
  // The project's own artifactId: the first outside its <parent>.
  const parentEnd = pom.indexOf('</parent>');
  const property = (name: string): string | undefined => (name === 'project.artifactId' || name === 'artifactId' ? element(pom, 'artifactId', parentEnd === -1 ? 0 : parentEnd) : element(pom, name, pom.indexOf('<properties>'), pom.indexOf('</properties>')));
  return image.replace(/\$\{([\w.-]{1,100})\}/g, (whole, name: string) => property(name) ?? whole);
}

/** The image a Gradle build script (and the scripts it applies from its folder) has Jib push to. */
export function gradleJibImage(script: string, uri: string, text: (uri: string) => string | undefined): string | undefined {
  const scripts = [{ uri, text: script }];
  for (let i = 0; i < scripts.length && scripts.length <= MAX_APPLIED; i++) {
    const { text: body } = scripts[i];
    if (/\bjib\b/.test(body)) {
      const m = GRADLE_TO.exec(body);
      if (m) return m[1] ?? m[2];
    }
    if (i > 0) continue;
    for (const applied of body.matchAll(APPLY_FROM)) {
      const at = sideUri(applied[1], uri);
      const read = at === undefined ? undefined : text(at);
      if (at !== undefined && read !== undefined) scripts.push({ uri: at, text: read });
    }
  }
  return undefined;
}

/** Whether a component's image is the one a Jib build pushes: the same repository, and the same tag (none is `latest`; a tag from a variable matches any). */
function sameImage(runs: string, built: string): boolean {
  if (imageRepository(runs) !== imageRepository(built)) return false;
  const a = imageTag(runs) ?? 'latest';
  const b = imageTag(built) ?? 'latest';
  return a === b || a.includes('$') || b.includes('$');
}

/**
 * A reading of the workspace's Jib builds: the build file (pom.xml, build.gradle) of the module whose Jib pushes the
 * image a component runs, or undefined. The modules are read once, on the first question.
 */
export function jibReader(files: () => Iterable<string>, text: (uri: string) => string | undefined): (image: string | undefined) => string | undefined {
  let builds: { uri: string; image: string }[] | undefined;
  const read = () => {
    const found: { uri: string; image: string }[] = [];
    const modules = new Set<string>();
    for (const uri of files()) {
      const at = uri.indexOf('/src/main/');
      if (at !== -1) modules.add(uri.slice(0, at + 1));
    }
    for (const module of [...modules].sort()) {
      const pom = text(`${module}pom.xml`);
      const maven = pom === undefined ? undefined : mavenJibImage(pom);
      if (maven !== undefined) found.push({ uri: `${module}pom.xml`, image: maven });
      for (const name of ['build.gradle', 'build.gradle.kts']) {
        const script = text(`${module}${name}`);
        const gradle = script === undefined ? undefined : gradleJibImage(script, `${module}${name}`, text);
        if (gradle !== undefined) found.push({ uri: `${module}${name}`, image: gradle });
      }
    }
    return found;
  };
  return (image) => {
    if (image === undefined || image.includes('$')) return undefined;
    builds ??= read();
    const matching = builds.filter((b) => sameImage(image, b.image));
    return matching.length === 1 ? matching[0].uri : undefined;
  };
}
