/** What other families may ask of a Dockerfile they read as text (textInstructions.ts). */
export { instructionArguments, textCopies, textInstructions } from './textInstructions';
