/** What other families may ask of a Dockerfile they read as text (textInstructions.ts). */
export { instructionArguments, textCopies, textInstructions } from './textInstructions';
/** The workspace's Jib builds (jib.ts): the module whose Jib pushes an image, the threats' build folders' too. */
export { jibReader } from './jib';
