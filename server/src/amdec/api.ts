/** What other families ask of the AMDEC family: whether a file is an AMDEC (the snippets it is offered). Everything else in amdec/ is private to it. */
export { isAmdecFile } from './model';
