/**
 * dockerfile-ast (the parser) and dockerfile-utils (its syntax checks), one copy of each. A
 * `.lazy.ts` module: its own bundle (esbuild.mjs), required with the first Dockerfile read
 * (model.ts, feature.ts), so that neither the language server's nor the CLI's start reads it.
 */
export { Argument, Comment, DockerfileParser, From, Instruction, PropertyInstruction } from 'dockerfile-ast';
export { validate, ValidationCode, ValidationSeverity } from 'dockerfile-utils';
export { Validator } from 'dockerfile-utils/lib/dockerValidator';
export { Parser } from 'dockerfile-ast/lib/parser';
