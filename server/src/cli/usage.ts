/**
 * A usage error of any `archipel` command (a bad option, a missing argument): cliMain.ts prints it as
 * `archipel: <message> (see archipel --help)` and exits 2. Commands throw it or a subclass.
 */
export class UsageError extends Error {}
