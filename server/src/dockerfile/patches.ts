/**
 * The fence around what the Dockerfile family changes in dockerfile-ast and dockerfile-utils (issue #83).
 * Both are pinned to exact versions (package.json); at load (model.ts, dockerfileLibraries) their methods are
 * wrapped or replaced, private ones included, for speed (#38, #54) and safety (a variable resolved through a
 * loop). Every method touched is listed here with what each patch assumes of it: the digest of its source in
 * the pinned release. `checkPatchable` refuses to patch a library whose methods are missing (a patch on a
 * method that is gone would be silently ignored, or break the parse); `server/test/unit/dockerfile/
 * library-patches.test.ts` reads a fresh, unpatched copy of the libraries and fails when any listed method's
 * source differs from the digest: an upgrade is then re-read patch by patch before the digests are renewed.
 */
import type * as Vendor from './vendor.lazy';

export interface PatchedMethod {
  /** The class (a key of `owners`) and the method. */
  readonly owner: 'DockerfileParser' | 'Instruction' | 'PropertyInstruction' | 'Parser' | 'Validator' | 'Comment' | 'Dockerfile';
  readonly method: string;
  /** Where the patch is, and what it assumes of the method. */
  readonly patch: string;
  /** sha-256 of the method's source in the pinned release (first 16 hex digits). */
  readonly digest: string;
}

/** The pinned releases the digests are of (package.json says them exactly). */
export const PINNED = { 'dockerfile-ast': '0.7.1', 'dockerfile-utils': '0.16.3' } as const;

export const PATCHED: readonly PatchedMethod[] = [
  { owner: 'DockerfileParser', method: 'parse', digest: '3a0529a4af72e49f', patch: 'model.ts: the last text\'s parse kept (dockerfile-utils\' validate parses again); a parse does not change the text it returns' },
  { owner: 'Instruction', method: 'getRawArguments', digest: '603221fadfbcbd3f', patch: 'model.ts memoizeArguments: the answer depends on the instruction\'s own lines only' },
  { owner: 'Instruction', method: 'getArgumentsRanges', digest: 'df9145785dccf824', patch: 'model.ts memoizeArguments: likewise; FROM alone moves the ranges it is given' },
  { owner: 'Instruction', method: 'getArgumentsContent', digest: 'd2110d7ade68c241', patch: 'model.ts memoizeArguments: likewise' },
  { owner: 'Instruction', method: 'getRawArgumentsContent', digest: '0f178580961195eb', patch: 'model.ts memoizeArguments: likewise' },
  { owner: 'Instruction', method: 'getKeyword', digest: '39b709db6094d983', patch: 'model.ts keepKeywords: the keyword upper-cased, read once per instruction' },
  { owner: 'PropertyInstruction', method: 'getPropertyArguments', digest: 'd2c69fea5c01904b', patch: 'model.ts memoizeArguments: likewise' },
  { owner: 'Parser', method: 'parse', digest: '187c3381eabb975c', patch: 'model.ts reuseUnchangedInstructions and takenComments.ts: the text being parsed known to the patches below' },
  { owner: 'Parser', method: 'processComment', digest: '548317ae0139be5f', patch: 'takenComments.ts: an unchanged comment of the previous version taken as it was' },
  { owner: 'Parser', method: 'processInstruction', digest: '37276821c0dfbed6', patch: 'model.ts reuseUnchangedInstructions: an instruction ends where its lines end' },
  { owner: 'Parser', method: 'createInstruction', digest: '1eecc8aae6414b83', patch: 'model.ts reuseUnchangedInstructions and skipHeredocProbes: an instruction made from its keyword and span alone' },
  { owner: 'Parser', method: 'processArguments', digest: '93ec1c32882cd2bd', patch: 'model.ts skipHeredocProbes: heredocs only where `<<` is written' },
  { owner: 'Parser', method: 'processHeredocs', digest: 'ef59c96411247bb7', patch: 'model.ts skipHeredocProbes: likewise' },
  { owner: 'Parser', method: 'getParserDirectives', digest: 'ab0e8a3962c9c204', patch: 'lineOffsets.ts: the document\'s line offsets are the index\'s when the text is the same' },
  { owner: 'Validator', method: 'validateInstruction', digest: '5a0297d59b39d6de', patch: 'syntaxResults.ts: an instruction\'s problems depend on its text, escape character and settings only' },
  { owner: 'Validator', method: 'checkVariables', digest: 'c5a6014ce90fbcef', patch: 'syntaxResults.ts: likewise' },
  { owner: 'Validator', method: 'validate', digest: '709fa764eba3618c', patch: 'syntaxResults.ts: the kept problems forgotten with the text' },
  { owner: 'Comment', method: 'getContent', digest: '429d3ee0d0796010', patch: 'syntaxResults.ts: a comment\'s content read once' },
  { owner: 'Dockerfile', method: 'resolveVariable', digest: '0f2b15b127c586ad', patch: 'model.ts guardVariableResolution: a variable defined through itself resolves to nothing, not a loop' },
];

/** The objects holding the patched methods (the Dockerfile class's prototype, which the library does not export, from a parse). */
export function owners(vendor: Pick<typeof Vendor, 'DockerfileParser' | 'Instruction' | 'PropertyInstruction' | 'Parser' | 'Validator' | 'Comment'>): Record<PatchedMethod['owner'], object> {
  return {
    DockerfileParser: vendor.DockerfileParser,
    Instruction: vendor.Instruction.prototype,
    PropertyInstruction: vendor.PropertyInstruction.prototype,
    Parser: vendor.Parser.prototype,
    Validator: vendor.Validator.prototype,
    Comment: vendor.Comment.prototype,
    Dockerfile: Object.getPrototypeOf(vendor.DockerfileParser.parse('')) as object,
  };
}

/** Throws, naming them, when a method a patch wraps is not a function of the loaded libraries (before any is patched). */
export function checkPatchable(vendor: typeof Vendor): void {
  const found = owners(vendor);
  const missing = PATCHED.filter((entry) => typeof Reflect.get(found[entry.owner], entry.method) !== 'function').map((entry) => `${entry.owner}.${entry.method}`);
  if (missing.length > 0) throw new Error(`dockerfile-ast/dockerfile-utils changed: ${missing.join(', ')} not found (the patches are written for dockerfile-ast ${PINNED['dockerfile-ast']} and dockerfile-utils ${PINNED['dockerfile-utils']})`);
}
