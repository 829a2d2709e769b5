/**
 * A mesh turned on by a script (issue #95, kiali/demos travels): `kubectl label namespace travel-agency istio-injection=enabled`
 * in the repository's deploy script, Makefile or workflow step labels that namespace as a Namespace manifest's
 * `istio-injection: enabled` would (scan.ts yamlFileFacts), so Istio's sidecars and their automatic mTLS are as certain.
 * Istio's revision label (`istio.io/rev=<rev>`) too, and Linkerd's `kubectl annotate namespace <ns> linkerd.io/inject=enabled`.
 * The command is read as words (kubernetes/api toolCommands), never run; a value turning injection off, a label removed
 * (`istio-injection-`) or a variable's value says nothing. A README's command is documentation, not the install: not read
 * (isApplySource takes workflows, Makefiles and shell scripts only). Pure: text in, lines out.
 */
import { isApplySource, toolCommands } from '../kubernetes/api';
import type { SystemSource } from '../features/system/contributor';
import { sourceOfLine, type FileLines } from './evidence';
import { noFacts, type FileFacts } from './fileFacts';

/** The label (`kubectl label`) or annotation (`kubectl annotate`) that has a mesh inject its sidecars in a namespace. */
const INJECTION: Record<'label' | 'annotate', RegExp> = {
  label: /^(?:istio-injection=enabled|istio\.io\/rev=[A-Za-z0-9][\w.-]{0,62})$/,
  annotate: /^linkerd\.io\/inject=enabled$/,
};

const NAMESPACE = /^(?:namespaces?|ns)$/;
/** A namespace's name as written: a DNS label (`travel-agency`), or `--all`. */
const NAME = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** A command that turns a mesh's injection on in namespaces: the namespaces (`*` for `--all`), the 0-based line, the label. */
export interface MeshLabel {
  namespaces: string[];
  line: number;
  label: string;
}

/** The `kubectl label|annotate namespace|ns <name…> <injection>` commands of a script's text (at most 1,000 commands read). */
export function meshLabels(text: string): MeshLabel[] {
  const found: MeshLabel[] = [];
  for (const { line, args } of toolCommands(text, 'kubectl')) {
    const verbAt = args.findIndex((a) => a === 'label' || a === 'annotate');
    if (verbAt < 0) continue;
    const injection = INJECTION[args[verbAt] as 'label' | 'annotate'];
    const rest = args.slice(verbAt + 1).filter((a) => a !== '--overwrite');
    const label = rest.find((a) => injection.test(a));
    if (label === undefined) continue;
    const namespaces: string[] = [];
    // `namespace a b`, `ns/a`, `namespace/a`, `ns --all`; the resource before its names, the labels after them.
    for (let k = 0; k < rest.length; k++) {
      const word = rest[k];
      const slashed = /^(?:namespaces?|ns)\/([a-z0-9-]+)$/.exec(word);
      if (slashed && NAME.test(slashed[1])) namespaces.push(slashed[1]);
      else if (NAMESPACE.test(word)) {
        for (let n = k + 1; n < rest.length && !rest[n].includes('='); n++) {
          if (rest[n] === '--all' || rest[n] === '-A') namespaces.push('*');
          else if (NAME.test(rest[n])) namespaces.push(rest[n]);
        }
        break;
      }
    }
    if (namespaces.length > 0) found.push({ namespaces, line, label });
  }
  return found;
}

/** A script's facts for the threats: a mesh's mTLS for each namespace it labels for injection, with the command's line. */
export function scriptFileFacts(uri: string, file: FileLines): FileFacts {
  const mtls: SystemSource[] = meshLabels(file.all.join('\n')).map(({ line }) => sourceOfLine(uri, line, file.line(line)));
  return { ...noFacts(), mtls };
}

/** Whether a file's commands are read for a mesh's labels: a script, a Makefile or a workflow (isApplySource) that names one. */
export function isMeshScript(uri: string, text: string): boolean {
  return isApplySource(uri) && /(?:istio-injection|istio\.io\/rev|linkerd\.io\/inject)=/.test(text);
}
