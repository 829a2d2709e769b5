/**
 * What other families ask of the Compose family: a Compose file's document and services (the stacks Prometheus and
 * Ansible read, the images Dockerfiles build), its side-file reader's shape, and the technology it gives an image it
 * builds. Everything else in compose/ is private to it.
 */
export { type ComposeReader, isComposeFile, type Json } from './model';
export { type ComposeBuild, composeBuilds, composeDocumentOf, servicesOf } from './project';
export { LOCAL_IMAGE } from './system';
