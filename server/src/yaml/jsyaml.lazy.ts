/**
 * js-yaml (88 KB minified): the reader of a YAML text outside the block subset (yaml/tree.ts), of a document's plain
 * value (yaml/model.ts) and of small configuration files (.hadolint.yaml, Helm's values, Ansible's collections). A
 * `.lazy.ts` module: its own bundle (esbuild.mjs), required on first use through `jsYaml()` (yaml/jsYaml.ts), so that
 * a check that reads no YAML text (a Dockerfile's) does not read it (issue #68).
 */
export * from 'js-yaml';
