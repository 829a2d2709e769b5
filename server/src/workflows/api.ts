/** What other families ask of the workflows family: what kind of workflow file a file is (the snippets it is offered). Everything else in workflows/ is private to it. */
export { workflowKind } from './model/files';
