/** Which files the SLO family says something of (common/ownFiles.ts): YAML naming a Sloth spec or an OpenSLO object. */
import { YAML_FILE, type OwnFiles } from '../common/ownFiles';

/** What a Sloth spec or an OpenSLO document says in its text: the family then reads its documents (check.ts decides from their values). */
export const SLO_MARK = /prometheus\/v1|PrometheusServiceLevel|openslo\/v1/;

export const sloOwn: OwnFiles = { test: (path, text) => YAML_FILE.test(path) && SLO_MARK.test(text() ?? 'openslo/v1') };
