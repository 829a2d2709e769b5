/** Where the threats' side files are: the Compose family's one reading of a container's files (compose/mounts.ts, issue #95). */
export { blockValue, composeMounts, inMount, mountedFile, mountsHolding, record, sideUri } from '../compose/api';
import { parseDotEnv } from '../compose/api';

/** A Compose project's `.env` (`dotenv`) as Compose reads it, read on the first lookup only; nothing when there is none. */
export function dotEnvLookup(dotenv: string | undefined, sideText: ((uri: string) => string | undefined) | undefined): (name: string) => string | undefined {
  let variables: Map<string, string> | undefined | null = null;
  return (name) => {
    if (variables === null) {
      const text = dotenv === undefined ? undefined : sideText?.(dotenv);
      variables = text === undefined ? undefined : parseDotEnv(text);
    }
    return variables?.get(name);
  };
}
