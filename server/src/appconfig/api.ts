/** What other families ask of the application-configuration family: what a file is to its readers (the system map's one-file context leaves other projects' source code out). Everything else in appconfig/ is private to it. */
export { appConfigKind } from './files';
