/**
 * What other families ask of the Compose family: a Compose file's document and services (the stacks Prometheus and
 * Ansible read, the images Dockerfiles build), and its side-file reader's shape. Everything else in compose/ is private to it.
 */
export { type ComposeReader, isComposeFile, type Json } from './model';
export { type ComposeBuild, composeBuilds, composeDocumentOf, servicesOf } from './project';
