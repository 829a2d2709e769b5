import type * as JsYaml from 'js-yaml';

let library: typeof JsYaml | undefined;

/** js-yaml: its own bundle (jsyaml.lazy.ts), read on the first call (issue #68: a check that reads no YAML does not load it). */
export function jsYaml(): typeof JsYaml {
  return (library ??= require('./jsyaml.lazy') as typeof JsYaml);
}
