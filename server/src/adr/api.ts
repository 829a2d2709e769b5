/** What other families ask of the ADR family: the ADR a file is, when it is a decision of an ADR folder (the snippets it is offered). Everything else in adr/ is private to it. */
export { adrContext } from './feature';
export { isConventionalDecision } from './folders';
