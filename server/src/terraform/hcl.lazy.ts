/**
 * web-tree-sitter (the tree-sitter runtime compiled to WebAssembly), which reads HCL with the
 * tree-sitter-hcl grammar's Terraform dialect. A `.lazy.ts` module: its own bundle (esbuild.mjs),
 * required with the first Terraform file read (parse.ts), so that neither the language server's
 * start nor the CLI's reads it. Its WebAssembly and the grammar's are bytes the descriptor reads.
 */
import type * as TreeSitter from 'web-tree-sitter';

// Its CommonJS build, required: the ES module build reads import.meta.url, which a CommonJS bundle lacks.
const treeSitter = require('web-tree-sitter') as typeof TreeSitter;
/** @public Read through the `require` of parse.ts. */
export const Parser = treeSitter.Parser;
/** @public Read through the `require` of parse.ts. */
export const Language = treeSitter.Language;
export type Edit = TreeSitter.Edit;
