/** What other families ask of the AMDEC family: whether a file is an AMDEC (the snippets it is offered; a risk register by its name, the threats' report when it was not read). Everything else in amdec/ is private to it. */
export { isAmdecFile } from './model';
export { AMDEC_NAME } from './files';
