/**
 * The `yaml` package (eemeli/yaml, 250 KB of source): the CLI's bundle reaches it only through esbuild.mjs's
 * `lazy-yaml` plugin, a module whose every export is a getter requiring this bundle on first use, so that a check
 * that parses no YAML text (a Dockerfile's) does not read it (issue #68). The server's bundle imports `yaml` itself.
 */
export * from 'yaml';
