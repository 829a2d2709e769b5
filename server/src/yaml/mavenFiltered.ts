/**
 * A Maven-filtered resource (`src/main/resources/**`, `src/test/resources/**` with `<filtering>true</filtering>`, or Gradle's
 * processResources `expand`): its `${project.artifactId}` and `@project.version@` are replaced at build time, so it is not
 * the YAML it becomes (`replicas: ${app.replicas}` is an integer once filtered; `version: @project.version@` is no YAML at
 * all). Said once (yaml-template), never read as YAML.
 *
 * Spring Boot's own configuration (`application*.yml`, `bootstrap*.yml`) resolves `${…}` itself at run time and is read as
 * YAML (the system map reads its addresses); only `@…@`, which YAML cannot hold, makes it a filtered resource. One pass over
 * the text, no regular expression with overlapping quantifiers.
 */

const resources = /\/src\/(main|test)\/resources\/(.+\/)?[^/]+\.ya?ml$/i;
const springConfig = /\/(application|bootstrap)(-[^/]*)?\.ya?ml$/i;

/** A Maven property name (`project.version`, `app.replicas`, `env.HOME`). */
const property = /^[A-Za-z_][\w.-]*$/;

/** The offset of the first placeholder that makes a resource file a filtered one, or undefined. */
export function mavenFilteredAt(uri: string, text: string): number | undefined {
  if (!resources.test(uri)) return undefined;
  const spring = springConfig.test(uri);
  // `@name@` as a plain value (`key: @x.y@`, `- @x.y@`): YAML reserves `@`, so only filtering makes it a value. Each look is
  // bounded (a property name is short): a line of `@` or of `${` costs its length, not its square.
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const before = text.slice(Math.max(0, at - 200), at);
    const line = before.slice(before.lastIndexOf('\n') + 1).trimEnd();
    if (!(line.endsWith(':') || line.endsWith('-') || line === '')) continue;
    const window = text.slice(at + 1, at + 200);
    const close = window.indexOf('@');
    if (close > 0 && property.test(window.slice(0, close))) return at;
  }
  if (spring) return undefined;
  for (let at = text.indexOf('${'); at >= 0; at = text.indexOf('${', at + 2)) {
    const window = text.slice(at + 2, at + 200);
    const close = window.indexOf('}');
    // A dotted name (`project.version`): GitHub's `${{ }}` and a shell's `${HOME}` are no Maven property.
    if (close > 0 && property.test(window.slice(0, close)) && window.slice(0, close).includes('.')) return at;
  }
  return undefined;
}
