// GitHub's @actions/languageservice (validate, complete) as a library, bundled by the workflow
// benchmark: it cannot load on Node 20 unbundled (ESM JSON imports without attributes).
import { complete as peerComplete, validate } from '@actions/languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';

let version = 0;

export async function diagnose(uri, text) {
  return validate(TextDocument.create(uri, 'yaml', ++version, text), {});
}

export async function complete(uri, text, offset) {
  const document = TextDocument.create(uri, 'yaml', ++version, text);
  return peerComplete(document, document.positionAt(offset), {});
}
