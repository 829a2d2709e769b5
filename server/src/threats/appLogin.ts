/**
 * Whether an application's files show it has a login (issue #95, x100m1: testdrivenio/fastapi-celery's web and Flower
 * dashboard, bootstrapping-microservices' Node and Rust services): a plaintext way into an application carries its users'
 * requests, and their session only when there is one. Read from the dependency manifests in the folder of the build that
 * makes the application's image (`package.json`, `requirements.txt`, `pyproject.toml`, `Pipfile`, `Cargo.toml`, `go.mod`,
 * `Gemfile`, `pom.xml`, `build.gradle(.kts)`, `composer.json`): manifests read that name no library of logins,
 * sessions or tokens (LOGIN_WORDS, broad on purpose) says the application has none. No build read, or no manifest in
 * its folder, or a requirements file including another (`-r …`): unknown, a login assumed. Every read through the host's one bounded read. Pure otherwise.
 */
import type { SystemNode } from '../features/system/contributor';
import { buildReader, dockerfilesOf, type BuildHost } from './buildConsoles';
import { folderOf } from './evidence';

/** The dependency manifests read beside a build's Dockerfile. */
const MANIFESTS = ['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'Cargo.toml', 'go.mod', 'Gemfile', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'composer.json'];
/** A word naming a login, a session or a token library (passport, express-session, jsonwebtoken — graphql-rust-demo's gateway —, flask-login, Django, Devise, Spring Security, OAuth, OIDC…); a manifest's `author`/`authors` is none. */
const LOGIN_WORDS = /auth(?!ors?\b)|login|session|jwt|jose|token|passport|oidc|keycloak|devise|django|rails|laravel|security|passlib|bcrypt|argon2|credential|identity|cookie/i;

/** For each application: true when its build's manifests are read and name no login library (the module's rule). */
export function loginUnseenReader(map: Parameters<typeof buildReader>[0], host: BuildHost): (node: SystemNode) => boolean {
  const reader = buildReader(map, host, /$^/);
  const known = new Map<string, boolean>();
  const read = (node: SystemNode): boolean => {
    let manifests = 0;
    for (const dockerfile of dockerfilesOf(node, reader)) {
      const folder = folderOf(dockerfile);
      for (const name of MANIFESTS) {
        const text = reader.text(folder + name);
        if (text === undefined) continue;
        manifests++;
        // A requirements file including others (plane's `-r requirements/production.txt`) lists its libraries elsewhere: unknown.
        if (LOGIN_WORDS.test(text) || /^[ \t]*(?:-r|--requirement)[ \t]/m.test(text)) return false;
      }
    }
    return manifests > 0;
  };
  return (node) => {
    if (!known.has(node.id)) known.set(node.id, read(node));
    return known.get(node.id)!;
  };
}
