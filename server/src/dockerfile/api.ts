/** What other families may ask of a Dockerfile they read as text (common/dockerfileText.ts: serve's part of the system map, which every check builds, reads it without loading this family). */
export { instructionArguments, textCopies, textInstructions } from '../common/dockerfileText';
